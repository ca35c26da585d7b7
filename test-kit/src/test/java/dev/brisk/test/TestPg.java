package dev.brisk.test;

import dev.brisk.devservices.DevServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The test JVM's shared dev-services PostgreSQL (or {@code BRISK_PG_URL}) for the framework's
 * store-backed tests: URLs, pools, private schemas, and running work on a Vert.x context.
 * Blocking only where it says so; call from test threads.
 */
public final class TestPg {

  private TestPg() {
  }

  /** The shared server's URL. */
  public static String url() {
    return DevServices.shared().pgUrl();
  }

  /** The URL of another database on the same server, with the same credentials. */
  public static String urlOf(String database) {
    PgConnectOptions o = PgConnectOptions.fromUri(url());
    return "postgresql://" + o.getUser() + (o.getPassword() == null ? "" : ":" + o.getPassword())
        + "@" + o.getHost() + ":" + o.getPort() + "/" + database;
  }

  /** A pool of up to {@code maxSize} connections; close it after the test. */
  public static Pool pool(Vertx vertx, int maxSize) {
    return pool(vertx, maxSize, PgConnectOptions.fromUri(url()));
  }

  /** Like {@link #pool(Vertx, int)} with {@code search_path} set to {@code schema}. */
  public static Pool pool(Vertx vertx, int maxSize, String schema) {
    return pool(vertx, maxSize, PgConnectOptions.fromUri(url())
        .setProperties(Map.of("search_path", schema)));
  }

  private static Pool pool(Vertx vertx, int maxSize, PgConnectOptions options) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(maxSize)).connectingTo(options)
        .using(vertx).build();
  }

  /**
   * Drops and recreates {@code schema}, then runs {@code statements} in order; a pool made with
   * that schema creates their tables in it.
   */
  public static Future<Void> resetSchema(Pool pool, String schema, List<String> statements) {
    List<String> all = new ArrayList<>();
    all.add("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    all.add("CREATE SCHEMA " + schema);
    all.addAll(statements);
    return pool.withConnection(conn -> {
      Future<Void> chain = Future.succeededFuture();
      for (String sql : all) {
        chain = chain.compose(v -> conn.query(sql).execute().<Void>mapEmpty());
      }
      return chain;
    });
  }

  /** Runs {@code work} on {@code context} and returns its future (for context-bound APIs). */
  public static <T> Future<T> on(Context context, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }
}
