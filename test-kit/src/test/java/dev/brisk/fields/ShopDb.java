package dev.brisk.fields;

import static dev.brisk.test.TestBrisk.await;

import dev.brisk.test.TestPg;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** One Vert.x and pool over the {@link Shop} schema for all database tests of this package. */
final class ShopDb {
  private static final String SCHEMA = "brisk_fields_test";
  private static Vertx vertx;
  private static Pool pool;

  private ShopDb() {
  }

  static synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx();
      pool = TestPg.pool(vertx, 4, SCHEMA);
      await(TestPg.resetSchema(pool, SCHEMA, Shop.schema()));
    }
    return vertx;
  }

  static synchronized Pool pool() {
    vertx();
    return pool;
  }

  /** Runs a query and returns its rows; test threads only. */
  static List<Row> rows(String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    await(pool().preparedQuery(sql).execute(Tuple.wrap(params))).forEach(rows::add);
    return rows;
  }
}
