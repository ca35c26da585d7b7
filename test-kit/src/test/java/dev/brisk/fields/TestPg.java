package dev.brisk.fields;

import dev.brisk.devservices.DevServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The test JVM's shared dev-services PostgreSQL (or {@code BRISK_PG_URL}), with a private schema.
 * Blocking: call it from test setup, never from an event loop.
 */
final class TestPg {
  private static final String SCHEMA = "brisk_fields_test";

  private TestPg() {
  }

  /** A pool whose connections use the test schema ({@code search_path}). */
  static Pool pool(Vertx vertx) {
    PgConnectOptions options = PgConnectOptions.fromUri(url())
        .setProperties(Map.of("search_path", SCHEMA));
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options)
        .using(vertx).build();
  }

  /** Drops and recreates the test schema, then runs {@code statements} in order. */
  static Future<Void> reset(Pool pool, List<String> statements) {
    List<String> all = new ArrayList<>();
    all.add("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    all.add("CREATE SCHEMA " + SCHEMA);
    all.addAll(statements);
    return pool.withConnection(conn -> {
      Future<Void> chain = Future.succeededFuture();
      for (String sql : all) {
        chain = chain.compose(v -> conn.query(sql).execute().<Void>mapEmpty());
      }
      return chain;
    });
  }

  static String url() {
    return DevServices.shared().pgUrl();
  }
}
