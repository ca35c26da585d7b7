package dev.brisk.http;

import com.google.protobuf.Descriptors.Descriptor;
import dev.brisk.cache.Cache;
import dev.brisk.cache.CacheKey;
import dev.brisk.cache.ETags;
import dev.brisk.cache.Validator;
import dev.brisk.db.Db;
import dev.brisk.db.Sql;
import dev.brisk.fields.Field;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.fields.RowVersions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Conditional updates of one row of a declared resource, the write side of {@link CachedReads}:
 * {@code If-Match} / {@code If-None-Match} are evaluated against the ETags a {@code GET} of the
 * row's default representation has, the reply carries the new one, and cached copies are
 * invalidated on every instance before it is sent.
 *
 * <pre>{@code
 * CachedWrites writes = CachedWrites.create(db, cache, versions);
 * writes.update(ctx, PRODUCT, id, Product.getDescriptor(),
 *     tx -> tx.query("UPDATE products p SET stock = $2 WHERE p.id = $1 RETURNING ...", args)
 *         .map(rows -> PRODUCT.defaults().toJson(rows.iterator().next())));
 * }</pre>
 *
 * <p>Thread-safe; runs on the request's context.
 */
public final class CachedWrites {

  private final Db db;
  private final Cache cache;
  private final RowVersions versions;

  private CachedWrites(Db db, Cache cache, RowVersions versions) {
    this.db = db;
    this.cache = cache;
    this.versions = versions;
  }

  /**
   * Writes through {@code db}, invalidating {@code cache} (which may be disabled) by the tags
   * {@code versions} derives from the declarations.
   */
  public static CachedWrites create(Db db, Cache cache, RowVersions versions) {
    return new CachedWrites(Objects.requireNonNull(db, "db"), Objects.requireNonNull(cache,
        "cache"), Objects.requireNonNull(versions, "versions"));
  }

  /**
   * Runs {@code update} on the row {@code id} of {@code resource} in one transaction and answers
   * 200 with the JSON it returns (the row's default representation, also offered as
   * {@code protobuf} when that is not null): the row is locked first ({@code SELECT ... FOR
   * UPDATE} on the resource's table and {@code id} field; 404 "Product 5 does not exist" when
   * absent); when the request has {@code If-Match} (strong comparison) or
   * {@code If-None-Match} (weak, {@code *} matches), its versions are read and the header is
   * evaluated against the tags of JSON and protobuf ({@link ETags#checkWrite}, 412); after
   * {@code update} they are read again in the transaction for the reply's {@code ETag}, that
   * of the representation {@code Accept} picks; after the commit
   * {@link RowVersions#written} of the row is invalidated. {@code id} is as the column holds
   * it ({@code Long}, {@code UUID}). The route's doc must say it reads the preconditions
   * ({@link OperationDoc#withConditionalWrite}), or Brisk refuses every tag before it runs.
   */
  public Future<Reply> update(RoutingContext ctx, Resource resource, Object id,
      Descriptor protobuf, Function<Sql, Future<JsonObject>> update) {
    String ifMatch = Requests.headerList(ctx, "If-Match");
    String ifNoneMatch = Requests.headerList(ctx, "If-None-Match");
    CacheKey key = CacheKey.of(resource.name(), id, resource.defaults().canonical());
    CacheKey answered = CachedReads.negotiated(ctx, key, protobuf);
    String what = ResourceReader.row(resource.name(), id);
    String lock = lock(resource);
    return db.inTransaction(tx -> tx.query(lock, Tuple.of(id))
            .compose(rows -> rows.size() == 0
                ? Future.failedFuture(ResourceReader.notFound(resource.name(), id))
                : ifMatch == null && ifNoneMatch == null ? Future.succeededFuture()
                : versions.read(tx, key).compose(current -> ETags.checkWrite(ifMatch,
                    ifNoneMatch, tags(key, current, protobuf), what)))
            .compose(x -> update.apply(tx))
            // Read in this transaction, not through the request's shared lookups: those may be
            // another sub-request's of the same batch, which cannot see this uncommitted row.
            .compose(json -> versions.read(tx, key).map(changed -> {
              Reply reply = Reply.ok(json);
              return (protobuf == null ? reply : reply.withProtobuf(protobuf))
                  .withHeader("ETag", Validator.of(answered, changed).etag());
            })))
        .compose(reply -> cache.invalidate(versions.written(resource, List.of(id))).map(reply));
  }

  /** The current ETag of every representation offered. */
  private static List<String> tags(CacheKey key, Map<String, String> current,
      Descriptor protobuf) {
    List<String> tags = new ArrayList<>(2);
    tags.add(Validator.of(key, current).etag());
    if (protobuf != null) {
      tags.add(Validator.of(key.withRepresentation("protobuf"), current).etag());
    }
    return tags;
  }

  private static String lock(Resource resource) {
    Field id = resource.field("id");
    if (id == null) {
      throw new IllegalArgumentException("resource " + resource.name() + " has no id field to "
          + "update a row by");
    }
    return "SELECT 1 FROM " + resource.table() + " " + resource.alias() + " WHERE " + id.sql()
        + " = $1 FOR UPDATE";
  }
}
