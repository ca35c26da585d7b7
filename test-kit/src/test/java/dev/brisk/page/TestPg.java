package dev.brisk.page;

import dev.brisk.devservices.DevServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** The test JVM's shared dev-services PostgreSQL (or {@code BRISK_PG_URL}). */
final class TestPg {

  private TestPg() {
  }

  /** A pool on the test database; close it after the test. */
  static Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(2))
        .connectingTo(DevServices.shared().pgUrl())
        .using(vertx)
        .build();
  }

  /** Blocks the test thread (never an event loop) until {@code f} completes. */
  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("database call failed: " + e.getMessage(), e);
    }
  }
}
