package dev.brisk.shop.products;

import static dev.brisk.shop.ShopResources.PRODUCT;

import dev.brisk.cache.ETags;
import dev.brisk.db.Db;
import dev.brisk.db.Sql;
import dev.brisk.fields.FieldMask;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Validation;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code PATCH /api/products/{id}}: a JSON merge patch (RFC 7396) of name, description,
 * price_cents and stock, applied atomically under a row lock. {@code If-Match} is checked
 * against the ETag of the current default representation (412 on mismatch); the reply is the
 * new representation with its ETag.
 */
final class ProductPatch {

  static final List<String> MEDIA_TYPES = List.of("application/merge-patch+json",
      "application/json");
  private static final Set<String> PATCHABLE = Set.of("name", "description", "price_cents",
      "stock");

  private final Db db;

  ProductPatch(Db db) {
    this.db = db;
  }

  Future<Reply> handle(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    Map<String, Object> changes = parse(Requests.jsonBody(ctx, MEDIA_TYPES));
    String ifMatch = ctx.request().getHeader("If-Match");
    FieldMask full = PRODUCT.defaults();
    return db.inTransaction(tx -> tx.query("SELECT " + full.projection() + " FROM products p "
            + "WHERE p.id = $1 FOR UPDATE", Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(Problem.notFound("Product " + id + " does not exist"));
          }
          if (ifMatch != null && !ETags.matches(ifMatch, ETags.of(full.toJson(
              rows.iterator().next()).toBuffer()))) {
            return Future.failedFuture(Problem.preconditionFailed("Product " + id
                + " has changed since that ETag was issued; fetch it again"));
          }
          return update(tx, id, changes);
        }))
        .map(row -> {
          JsonObject json = full.toJson(row);
          return Reply.ok(json).withHeader("ETag", ETags.of(json.toBuffer()));
        });
  }

  private static Future<Row> update(Sql tx, long id, Map<String, Object> changes) {
    StringBuilder set = new StringBuilder("version = version + 1, updated_at = now()");
    List<Object> params = new ArrayList<>();
    params.add(id);
    for (Map.Entry<String, Object> c : changes.entrySet()) {
      params.add(c.getValue());
      set.append(", ").append(c.getKey()).append(" = $").append(params.size());
    }
    return tx.query("UPDATE products p SET " + set + " WHERE p.id = $1 RETURNING "
        + PRODUCT.defaults().projection(), Tuple.wrap(params))
        .map(rows -> rows.iterator().next());
  }

  /** The validated changes, column -> value, in a stable order. */
  static Map<String, Object> parse(JsonObject patch) {
    Validation v = new Validation();
    v.onlyKnown(patch, "", PATCHABLE);
    for (String name : PATCHABLE) {
      if (patch.containsKey(name) && patch.getValue(name) == null) {
        v.error("/" + name, name + " cannot be removed (null)");
      }
    }
    Map<String, Object> changes = new LinkedHashMap<>();
    put(changes, "name", v.optionalString(patch, "", "name", 1, 200));
    put(changes, "description", v.optionalString(patch, "", "description", 0, 4000));
    put(changes, "price_cents", v.optionalLong(patch, "", "price_cents", 0,
        ProductImportLine.MAX_PRICE_CENTS));
    Long stock = v.optionalLong(patch, "", "stock", 0, 1_000_000_000);
    put(changes, "stock", stock == null ? null : stock.intValue());
    v.throwIfInvalid();
    return changes;
  }

  private static void put(Map<String, Object> changes, String column, Object value) {
    if (value != null) {
      changes.put(column, value);
    }
  }
}
