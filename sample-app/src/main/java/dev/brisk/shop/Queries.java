package dev.brisk.shop;

import com.google.protobuf.Descriptors.Descriptor;
import dev.brisk.cache.CacheKey;
import dev.brisk.db.Sql;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.CachedReads;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.page.PageResult;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;

/** Query-string handling shared by the shop's GET endpoints. */
public final class Queries {

  private Queries() {
  }

  /** The field mask from {@code fields} (repeated parameters are merged), defaults when absent. */
  public static FieldMask mask(RoutingContext ctx, Resource resource) {
    var all = ctx.queryParam("fields");
    return FieldMask.parse(resource, all.isEmpty() ? null : String.join(",", all));
  }

  /** Rejects query parameters the endpoint does not know, naming them and the known ones. */
  public static void onlyParams(RoutingContext ctx, Set<String> known) {
    for (String name : ctx.queryParams().names()) {
      if (!known.contains(name)) {
        throw Problem.invalidParameter(name, "unknown query parameter '" + name
            + "'; this endpoint accepts: " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  /**
   * {@code GET /api/<resource>/{id}}: the row with the path's {@code id}, rendered with the
   * request's {@code fields}, also offered as protobuf, read through the cache with an ETag
   * from its row {@link Versions}. Only {@code fields} is accepted.
   */
  // region by-id
  public static Future<Reply> byId(RoutingContext ctx, ResourceReader reader,
      Descriptor protobuf, CachedReads reads, Sql sql) {
    onlyParams(ctx, Set.of("fields"));
    long id = Requests.pathId(ctx, "id");
    FieldMask mask = mask(ctx, reader.resource());
    CacheKey key = CacheKey.of(reader.resource().name(), id, mask.canonical());
    return reads.one(ctx, key, k -> Versions.of(sql, k), () -> reader.byId(mask, id), protobuf);
  }
  // endregion by-id

  /**
   * The list envelope with its RFC 8288 {@code Link} header, also offered as protobuf when a
   * page message type is given.
   */
  public static Reply pageReply(RoutingContext ctx, PageResult<JsonObject> page,
      Descriptor protobuf) {
    Reply reply = Reply.ok(page.toJson(json -> json));
    if (protobuf != null) {
      reply = reply.withProtobuf(protobuf);
    }
    var link = page.linkHeader(ctx.request().path(), ctx.queryParams());
    return link.isPresent() ? reply.withHeader("Link", link.get()) : reply;
  }
}
