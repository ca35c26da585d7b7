package dev.brisk.docs;

import dev.brisk.batch.BatchFn;
import dev.brisk.batch.DataLoader;
import dev.brisk.batch.DataLoaderScope;
import dev.brisk.batch.SqlBatchFn;
import dev.brisk.db.Db;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.util.List;

/** docs/batching.md and docs/tutorial.md: DataLoaders over SQL. */
final class BatchingExample {

  record Product(long id, String name, long priceCents, long categoryId) {
    static Product fromRow(Row row) {
      return new Product(row.getLong("id"), row.getString("name"), row.getLong("price_cents"),
          row.getLong("category_id"));
    }
  }

  private BatchingExample() {
  }

  static Future<Product> products(Db db, List<Long> productIds, long id) {
    // region dataloader
    // Once, at startup: one query per batch, not one per key.
    BatchFn<Long, Product> productsById = SqlBatchFn.byKey(db,
        "SELECT id, name, price_cents, category_id FROM products WHERE id = ANY($1)",
        row -> row.getLong("id"), Product::fromRow);

    // In a handler, on the request's context: its loads share one batch and one cache.
    DataLoader<Long, Product> products = DataLoaderScope.current().loader("product", productsById);
    Future<List<Product>> lines = products.loadMany(productIds);           // nulls where not found
    Future<Product> one = products.load(id).compose(p -> p != null ? Future.succeededFuture(p)
        : Future.failedFuture(Problem.notFound("Product " + id + " does not exist")));
    // endregion dataloader
    return lines.compose(all -> one);
  }

  static Future<Row> stock(Db db) {
    // region stock-loader
    DataLoader<Long, Row> stock = DataLoaderScope.current().loader("stock",
        SqlBatchFn.byKey(db, "SELECT id, stock FROM products WHERE id = ANY($1)",
            row -> row.getLong("id"), row -> row));
    Future<Row> row = stock.load(42L);   // batched with every other load in this event-loop turn
    // endregion stock-loader
    return row;
  }
}
