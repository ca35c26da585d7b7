package dev.brisk.docs;

import dev.brisk.BriskContext;
import dev.brisk.db.CursorOptions;
import dev.brisk.db.Db;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** docs/database.md: the four ways to run SQL. */
final class DatabaseExample {

  private DatabaseExample() {
  }

  static Future<JsonObject> examples(BriskContext ctx, long id, long cat, int qty,
      List<Tuple> tuples) {
    // region db
    Db db = ctx.db();   // in a BriskApp: one Db per app, shared by all verticles

    // Independent reads, issued together: they pipeline on one connection (no waiting in turn).
    Future<RowSet<Row>> product = db.query("SELECT * FROM products WHERE id = $1", Tuple.of(id));
    Future<RowSet<Row>> category = db.query("SELECT * FROM categories WHERE id = $1",
        Tuple.of(cat));
    Future<RowSet<Row>> related = db.query(
        "SELECT id, name FROM products WHERE category_id = $1 AND id <> $2 LIMIT 5",
        Tuple.of(cat, id));
    Future<JsonObject> page = Future.all(product, category, related).map(all -> new JsonObject()
        .put("products", product.result().size() + related.result().size()));

    // A transaction: one connection, committed when the future succeeds.
    db.inTransaction(tx -> tx.query("UPDATE products SET stock = stock - $1 WHERE id = $2 "
        + "AND stock >= $1 RETURNING stock", Tuple.of(qty, id)));

    // Bulk writes in one round trip.
    db.batch("INSERT INTO tags (product_id, tag) VALUES ($1, $2)", tuples);

    // A server-side cursor for streaming (see streaming.md).
    db.cursor("SELECT id, name FROM products ORDER BY id", Tuple.tuple(), CursorOptions.defaults());
    // endregion db
    return page;
  }
}
