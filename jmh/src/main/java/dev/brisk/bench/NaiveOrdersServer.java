package dev.brisk.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline for the embeds benchmark: the same JSON as
 * {@code GET /api/orders?limit=100&fields=id,user(name),items(quantity,product(name,category(name)))}
 * built the way a naive ORM does it, one query per row and per relation (N+1), on plain
 * vertx-web. Exists only in jmh/; never in the framework.
 */
final class NaiveOrdersServer {

  private NaiveOrdersServer() {
  }

  static Future<HttpServer> start(Vertx vertx, Pool pool, int port) {
    Router router = Router.router(vertx);
    router.get("/naive/orders").handler(ctx -> page(pool, 100)
        .onSuccess(data -> ctx.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("data", data).toBuffer()))
        .onFailure(ctx::fail));
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
  }

  private static Future<JsonArray> page(Pool pool, int limit) {
    return pool.preparedQuery("SELECT id, user_id FROM orders ORDER BY id LIMIT $1")
        .execute(Tuple.of(limit)).compose(rows -> {
          List<Row> orders = new ArrayList<>();
          rows.forEach(orders::add);
          JsonArray data = new JsonArray();
          Future<Void> chain = Future.succeededFuture();
          for (Row o : orders) {
            chain = chain.compose(v -> order(pool, o).map(json -> {
              data.add(json);
              return null;
            }));
          }
          return chain.map(data);
        });
  }

  private static Future<JsonObject> order(Pool pool, Row o) {
    JsonObject json = new JsonObject().put("id", o.getLong("id"));
    return pool.preparedQuery("SELECT name FROM users WHERE id = $1")
        .execute(Tuple.of(o.getLong("user_id")))
        .compose(users -> {
          json.put("user", new JsonObject().put("name", users.iterator().next()
              .getString("name")));
          return pool.preparedQuery("SELECT quantity, product_id FROM order_items "
              + "WHERE order_id = $1 ORDER BY line").execute(Tuple.of(o.getLong("id")));
        })
        .compose(items -> {
          JsonArray array = new JsonArray();
          Future<Void> chain = Future.succeededFuture();
          for (Row item : items) {
            chain = chain.compose(v -> product(pool, item.getLong("product_id")).map(p -> {
              array.add(new JsonObject().put("quantity", item.getInteger("quantity"))
                  .put("product", p));
              return null;
            }));
          }
          return chain.map(v -> json.put("items", array));
        });
  }

  private static Future<JsonObject> product(Pool pool, long id) {
    return pool.preparedQuery("SELECT name, category_id FROM products WHERE id = $1")
        .execute(Tuple.of(id)).compose(rows -> {
          Row p = rows.iterator().next();
          return pool.preparedQuery("SELECT name FROM categories WHERE id = $1")
              .execute(Tuple.of(p.getLong("category_id")))
              .map(c -> new JsonObject().put("name", p.getString("name"))
                  .put("category", new JsonObject().put("name", c.iterator().next()
                      .getString("name"))));
        });
  }
}
