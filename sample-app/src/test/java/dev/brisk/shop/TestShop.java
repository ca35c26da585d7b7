package dev.brisk.shop;

import dev.brisk.db.Db;
import dev.brisk.RunningBrisk;
import dev.brisk.test.TestBrisk;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Map;

/**
 * The shop started once per test JVM on the shared dev services (real PostgreSQL and Redis) with
 * the small dataset, plus a client. Test classes share it and use disjoint rows when they write.
 */
public final class TestShop {

  private static final String UNBOUNDED = "anonymous=1000000/s:1000000;free=1000000/s:1000000;"
      + "pro=1000000/s:1000000;internal=unlimited";

  private static TestBrisk app;

  private TestShop() {
  }

  /** The running app, started on first use. */
  public static synchronized RunningBrisk app() {
    return kit().running();
  }

  /** The kit the app runs in, started on first use and stopped when the JVM exits. */
  public static synchronized TestBrisk kit() {
    if (app == null) {
      // Test classes share the demo keys and fire bursts of concurrent writes that contend for
      // one row on purpose: budgets that never bind and a long admission queue keep them about
      // data semantics. Rate limits and shedding are tested with their own apps (throttle).
      // The deadline is long for the same reason: 200 orders queue on one row's lock, and on a
      // busy two-core CI machine the last of them can wait past the default 5 s (one CI run had
      // two that were neither 201 nor 409, and nothing oversold). Deadlines are tested with
      // their own apps (StoreFaultsTest and the framework's tests).
      app = TestBrisk.start(ShopApp::new, Map.of("instances", "2", "dataset", "small",
          "rate-limits", UNBOUNDED, "concurrency-max-queue", "10000",
          "concurrency-queue-timeout", "PT10S", "deadline", "PT30S"));
      Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    }
    return app;
  }

  /** A client pointed at the app. */
  public static WebClient client() {
    return kit().client();
  }

  public static Db db() {
    return app().context().db();
  }

  /** Runs SQL against the app's database and waits (test threads only). */
  public static RowSet<Row> sql(String sql, Object... params) {
    return TestBrisk.await(db().query(sql, Tuple.wrap(params)));
  }
}
