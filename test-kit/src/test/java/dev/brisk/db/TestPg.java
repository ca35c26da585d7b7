package dev.brisk.db;

import dev.brisk.devservices.DevServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The test JVM's shared dev-services PostgreSQL plus blocking helpers for test threads. */
final class TestPg {

  private TestPg() {
  }

  static String url() {
    return DevServices.shared().pgUrl();
  }

  /** The URL of another database on the same server. */
  static String urlOf(String database) {
    PgConnectOptions o = PgConnectOptions.fromUri(url());
    return "postgresql://" + o.getUser() + (o.getPassword() == null ? "" : ":" + o.getPassword())
        + "@" + o.getHost() + ":" + o.getPort() + "/" + database;
  }

  /** Runs {@code work} on {@code context} and returns its future (for context-bound APIs). */
  static <T> Future<T> on(Context context, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Throwable awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected a failure, got a result");
  }

  /** Polls {@code condition} every 20 ms for up to 10 s (bounded; not a timing assertion). */
  static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return condition.getAsBoolean();
  }

  static Vertx vertx() {
    return Vertx.vertx();
  }
}
