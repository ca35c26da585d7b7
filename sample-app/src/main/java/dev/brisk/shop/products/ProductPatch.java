package dev.brisk.shop.products;

import static dev.brisk.shop.ShopResources.PRODUCT;

import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.db.Sql;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Assignments;
import dev.brisk.http.BodySchema;
import dev.brisk.http.CachedWrites;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.shop.proto.Product;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;

/**
 * {@code PATCH /api/products/{id}}: a JSON merge patch (RFC 7396) of name, description,
 * price_cents and stock, applied atomically under a row lock. {@code If-Match} is checked
 * against the ETag of the current default representation, JSON or protobuf (412 on mismatch),
 * and so is {@code If-None-Match} (412 on a match, or on {@code *});
 * the reply is the new representation with its ETag. Cached copies are invalidated on every
 * instance before the reply is sent.
 */
final class ProductPatch {

  static final List<String> MEDIA_TYPES = List.of("application/merge-patch+json",
      "application/json");
  static final int MAX_STOCK = 1_000_000_000;
  /** What a patch may change: some members of an import line, read as a merge patch. */
  // region patch-schema
  static final BodySchema.ObjectSchema PATCH = ProductImportLine.SCHEMA
      .only("name", "description", "price_cents", "stock").mergePatch();
  // endregion patch-schema
  /** Each member of the patch set as the column its {@code PRODUCT} field reads. */
  private static final Assignments CHANGES = Assignments.create(PRODUCT, PATCH);

  /** What the generated API description says about the route. */
  // region patch-doc
  static final OperationDoc DOC = OperationDoc.summary("Change a product (JSON merge patch)")
      .withDescription("Send only the fields to change; `If-Match` with the product's ETag "
          + "makes the change conditional (412 when it no longer matches).")
      .withRequestBody(PATCH)
      .withRequestMediaTypes(MEDIA_TYPES.toArray(String[]::new))
      .withPath(Requests.pathIdDoc("id", "The product's id"))
      .withExamples(new JsonObject().put("price_cents", 1299), null)
      .withConditionalWrite()
      .returns(PRODUCT, OperationDoc.Shape.ONE)
      .withProtobuf(Product.getDescriptor().getFullName())
      .withProblems(422);
  // endregion patch-doc

  private final CachedWrites writes;

  ProductPatch(Db db, Cache cache, RowVersions versions) {
    this.writes = CachedWrites.create(db, cache, versions);
  }

  // region patch
  Future<Reply> handle(RoutingContext ctx) {
    Requests.onlyParams(ctx, Set.of());
    long id = Requests.pathId(ctx, "id");
    JsonObject changes = PATCH.validate(Requests.jsonBody(ctx, MEDIA_TYPES));
    return writes.update(ctx, PRODUCT, id, Product.getDescriptor(),
        tx -> update(tx, id, changes).map(PRODUCT.defaults()::toJson));
  }
  // endregion patch

  // region patch-update
  private static Future<Row> update(Sql tx, long id, JsonObject changes) {
    Tuple args = Tuple.of(id);
    return tx.query("UPDATE products p SET " + CHANGES.set(changes, args)
        + ", version = version + 1, updated_at = now() WHERE p.id = $1 RETURNING "
        + PRODUCT.defaults().projection(), args)
        .map(rows -> rows.iterator().next());
  }
  // endregion patch-update
}
