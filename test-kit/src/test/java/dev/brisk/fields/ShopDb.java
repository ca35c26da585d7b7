package dev.brisk.fields;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One Vert.x and pool over the {@link Shop} schema for all database tests of this package. */
final class ShopDb {
  private static Vertx vertx;
  private static Pool pool;

  private ShopDb() {
  }

  static synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx();
      pool = TestPg.pool(vertx);
      await(TestPg.reset(pool, Shop.schema()));
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

  /** Waits for a future on the test thread (never an event loop). */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException
          ? (RuntimeException) e.getCause() : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
