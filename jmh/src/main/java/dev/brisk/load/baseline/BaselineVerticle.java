package dev.brisk.load.baseline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** One HTTP server instance of the baseline; handlers run on this verticle's event loop. */
final class BaselineVerticle extends VerticleBase {

  static final String COLUMNS = "id, sku, name, description, price_cents, stock, category_id, "
      + "created_at, updated_at";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM products WHERE id = $1";
  static final String FIRST = "SELECT " + COLUMNS
      + " FROM products ORDER BY price_cents, id LIMIT $1";
  static final String AFTER = "SELECT " + COLUMNS
      + " FROM products WHERE (price_cents, id) > ($1, $2) ORDER BY price_cents, id LIMIT $3";

  private final SqlClient pool;
  private final int port;

  BaselineVerticle(SqlClient pool, int port) {
    this.pool = pool;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/api/products/:id").handler(this::one);
    router.get("/api/products").handler(this::page);
    router.get("/api/orders").handler(new NestedOrders(pool)::handle);
    router.get("/health/ready").handler(ctx -> json(ctx, 200, "{\"status\":\"UP\"}"));
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
  }

  private void one(RoutingContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      problem(ctx, 400, "id must be an integer");
      return;
    }
    pool.preparedQuery(BY_ID).execute(Tuple.of(id)).onComplete(ar -> {
      if (ar.failed()) {
        problem(ctx, 500, "query failed");
      } else if (ar.result().size() == 0) {
        problem(ctx, 404, "No product " + id);
      } else {
        json(ctx, 200, ProductJson.of(ar.result().iterator().next()).encode());
      }
    });
  }

  private void page(RoutingContext ctx) {
    String sort = ctx.queryParams().get("sort");
    int limit = parseLimit(ctx.queryParams().get("limit"));
    if ((sort != null && !"price_cents".equals(sort)) || limit < 1 || limit > 100) {
      problem(ctx, 400, "sort must be price_cents and limit 1..100");
      return;
    }
    String cursor = ctx.queryParams().get("cursor");
    Future<RowSet<Row>> rows;
    try {
      rows = cursor == null
          ? pool.preparedQuery(FIRST).execute(Tuple.of(limit + 1))
          : pool.preparedQuery(AFTER).execute(after(cursor, limit));
    } catch (IllegalArgumentException e) {
      problem(ctx, 400, "invalid cursor");
      return;
    }
    rows.onComplete(ar -> {
      if (ar.failed()) {
        problem(ctx, 500, "query failed");
      } else {
        writePage(ctx, ar.result(), limit);
      }
    });
  }

  private static Tuple after(String cursor, int limit) {
    String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
        .split(":", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("cursor");
    }
    return Tuple.of(Long.parseLong(parts[0]), Long.parseLong(parts[1]), limit + 1);
  }

  private static void writePage(RoutingContext ctx, RowSet<Row> rows, int limit) {
    JsonArray data = new JsonArray();
    Row last = null;
    for (Row row : rows) {
      if (data.size() == limit) {
        break;
      }
      data.add(ProductJson.of(row));
      last = row;
    }
    boolean more = rows.size() > limit;
    String next = more ? Base64.getUrlEncoder().withoutPadding().encodeToString(
        (last.getLong("price_cents") + ":" + last.getLong("id"))
            .getBytes(StandardCharsets.UTF_8)) : null;
    JsonObject page = new JsonObject().put("limit", limit).put("next_cursor", next)
        .put("prev_cursor", null).put("has_more", more);
    if (next != null) {
      ctx.response().putHeader("Link", "</api/products?sort=price_cents&limit=" + limit
          + "&cursor=" + next + ">; rel=\"next\"");
    }
    json(ctx, 200, new JsonObject().put("data", data).put("page", page).encode());
  }

  static int parseLimit(String raw) {
    try {
      return raw == null ? 20 : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }

  static void problem(RoutingContext ctx, int status, String detail) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
        .end(new JsonObject().put("type", "about:blank").put("status", status)
            .put("detail", detail).encode());
  }
}
