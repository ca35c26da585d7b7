package dev.brisk.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.db.Db;
import dev.brisk.http.Routes;
import dev.brisk.test.LogCapture;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Redis that no feature needs only degrades readiness; a feature that needs it makes it DOWN. */
class ReadinessTest {

  /** Nothing listens on port 1: Redis is unreachable. */
  private static final Map<String, String> NO_REDIS = Map.of("redis-url", "redis://127.0.0.1:1");

  @Test
  void unreachable_redis_that_no_feature_needs_leaves_the_app_ready_but_degraded() {
    try (TestBrisk app = TestBrisk.start(() -> (routes, ctx) -> { }, NO_REDIS)) {
      HttpResponse<Buffer> ready = app.get("/health/ready", "X-API-Key", null);

      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("DEGRADED");
      // Details depend on the caller: private, keyed on the credentials, never stored.
      assertThat(ready.getHeader("Cache-Control")).isEqualTo("private, no-store");
      assertThat(ready.getHeader("Vary")).contains("X-API-Key");
      assertThat(ready.getHeader("ETag")).matches("\"[A-Za-z0-9_-]{24}\"");
      // Load balancers may ask with HEAD: the same status and head, no body.
      HttpResponse<Buffer> head = TestBrisk.await(app.send(HttpMethod.HEAD, "/health/ready",
          null));
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isNull();
      assertThat(TestBrisk.await(app.send(HttpMethod.HEAD, "/metrics", null)).statusCode())
          .isEqualTo(200);
      // The checks run again; an unchanged report answers its tag with 304 and no body.
      HttpResponse<Buffer> again = app.get("/health/ready", "If-None-Match",
          ready.getHeader("ETag"));
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isNull();
      assertThat(app.get("/metrics", "If-None-Match", "*").statusCode()).isEqualTo(304);
      assertThat(app.get("/metrics", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
      // If-Match is evaluated as on any read (RFC 9110 section 13.1.1): it was ignored.
      assertThat(app.get("/health/ready", "If-Match", "\"other\"").statusCode())
          .isEqualTo(412);
      assertThat(app.get("/health/ready", "If-Match", ready.getHeader("ETag")).statusCode())
          .isEqualTo(200);
      assertThat(app.get("/metrics", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
      assertThat(app.get("/metrics", "If-Match", "*").statusCode()).isEqualTo(200);
      assertThat(app.running().context().health().isRequired("redis")).isFalse();
      assertThat(app.running().context().health().isRequired("postgres")).isTrue();
    }
  }

  @Test
  void unreachable_redis_that_a_feature_requires_makes_the_app_not_ready() {
    try (TestBrisk app = TestBrisk.start(RedisFeatureApp::new, NO_REDIS)) {
      HttpResponse<Buffer> ready = app.get("/health/ready", "X-API-Key", null);

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(ready.bodyAsJsonObject().getString("type")).endsWith("/unavailable");
    }
  }

  @Test
  void a_check_that_hangs_is_reported_down_after_the_configured_timeout() {
    BriskApp hanging = new BriskApp() {
      @Override
      public Future<Void> start(BriskContext context) {
        // A store that accepts the connection and never answers (a frozen process).
        context.health().register("stuck", true, () -> Promise.<Void>promise().future());
        return Future.succeededFuture();
      }

      @Override
      public void routes(Routes routes, BriskContext context) {
      }
    };
    try (TestBrisk app = TestBrisk.start(() -> hanging,
        Map.of("health-check-timeout", "PT0.2S"))) {
      HttpResponse<Buffer> ready = app.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.bodyAsJsonObject().getString("type")).endsWith("/unavailable");

      // The details (for the highest tier only over HTTP), from the app's own checks.
      JsonObject stuck = TestBrisk.await(app.running().context().health().check()).body()
          .getJsonObject("checks").getJsonObject("stuck");
      assertThat(stuck.getString("status")).isEqualTo("DOWN");
      // The configured 200 ms, not the 2 s default (a wide margin: only which one applies).
      assertThat(stuck.getLong("duration_ms")).isLessThan(1500);
    }
    assertThatThrownBy(() -> TestBrisk.start(() -> hanging,
        Map.of("health-check-timeout", "0s"))).hasMessageContaining("health-check-timeout");

  }

  @Test
  void checks_slower_than_the_deadline_leave_its_504_alone() {
    BriskApp slow = new BriskApp() {
      @Override
      public Future<Void> start(BriskContext context) {
        context.health().register("slow", true, () -> {
          Promise<Void> up = Promise.promise();
          context.vertx().setTimer(300, t -> up.complete());
          return up.future();
        });
        return Future.succeededFuture();
      }

      @Override
      public void routes(Routes routes, BriskContext context) {
      }
    };
    try (TestBrisk app = TestBrisk.start(() -> slow, Map.of("deadline", "PT0.05S"));
        LogCapture logs = LogCapture.start()) {
      assertThat(app.get("/health/ready").statusCode()).isEqualTo(504);
      // Started after the request's checks, so they have reported by the time this one has.
      TestBrisk.await(app.running().context().health().check());
      TestBrisk.await(TestBrisk.onEventLoop(app.vertx(), () -> Future.succeededFuture()));
      // The UP report came after the 504 and tried to write its own answer: an ERROR per probe.
      assertThat(logs.text()).doesNotContain("Failure after the response ended");
    }
  }

  @Test
  void a_check_that_fails_is_logged_once_and_its_recovery_too() {
    // A frozen PostgreSQL showed only as 504s: nothing in the log said readiness went DOWN.
    AtomicBoolean broken = new AtomicBoolean();
    BriskApp app = new BriskApp() {
      @Override
      public Future<Void> start(BriskContext context) {
        context.health().register("ledger", true, () -> broken.get()
            ? Future.failedFuture("ledger frozen") : Future.succeededFuture());
        return Future.succeededFuture();
      }

      @Override
      public void routes(Routes routes, BriskContext context) {
      }
    };
    try (TestBrisk shop = TestBrisk.start(() -> app);
        LogCapture logs = LogCapture.start()) {
      assertThat(shop.get("/health/ready").statusCode()).isEqualTo(200);
      broken.set(true);
      assertThat(shop.get("/health/ready").statusCode()).isEqualTo(503);
      assertThat(shop.get("/health/ready").statusCode()).isEqualTo(503);
      broken.set(false);
      assertThat(shop.get("/health/ready").statusCode()).isEqualTo(200);
      assertThat(shop.get("/health/ready").statusCode()).isEqualTo(200);

      String text = logs.text();
      String failed = "Readiness check 'ledger' fails (required: the instance is not ready): "
          + "ledger frozen";
      assertThat(text).contains(failed);
      assertThat(text.indexOf(failed)).isEqualTo(text.lastIndexOf(failed));
      assertThat(text.split("Readiness check 'ledger' passes again", -1)).hasSize(2);
      assertThat(text).doesNotContain("Readiness check 'postgres'");
    }
  }

  @Test
  void reads_blocked_on_a_lock_leave_the_postgres_check_up() {
    // Reads queued behind a table lock held every pipelined connection, and the check's
    // SELECT 1 pipelined behind them: one locked table turned every instance unready.
    try (TestBrisk app = TestBrisk.start(() -> (routes, ctx) -> { },
        Map.of("pg-pool-size", "2"))) {
      Db db = app.running().context().db();
      TestBrisk.await(db.query("DROP TABLE IF EXISTS readiness_locked"));
      TestBrisk.await(db.query("CREATE TABLE readiness_locked (id bigint)"));
      SqlConnection locker = TestBrisk.await(db.pool().getConnection());
      try {
        Transaction tx = TestBrisk.await(locker.begin());
        TestBrisk.await(locker.query("LOCK TABLE readiness_locked IN ACCESS EXCLUSIVE MODE")
            .execute());
        List<Future<RowSet<Row>>> blocked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          blocked.add(db.primary().query("SELECT count(*) FROM readiness_locked"));
        }
        HttpResponse<Buffer> ready = app.get("/health/ready");
        assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
        assertThat(blocked).noneMatch(Future::isComplete);
        TestBrisk.await(tx.rollback());
        for (Future<RowSet<Row>> read : blocked) {
          assertThat(TestBrisk.await(read).iterator().next().getLong(0)).isZero();
        }
      } finally {
        TestBrisk.await(locker.close());
        TestBrisk.await(db.query("DROP TABLE readiness_locked"));
      }
    }
  }

  @Test
  void transactions_blocked_on_a_lock_leave_the_postgres_check_up() {
    // Transactions waiting for a table lock hold the pool's connections (a migration's ALTER
    // TABLE queued behind an export blocks orders too): a check that needs one of them waited
    // for it past its timeout, so one locked table still turned every instance unready.
    try (TestBrisk app = TestBrisk.start(() -> (routes, ctx) -> { },
        Map.of("pg-pool-size", "2"))) {
      Db db = app.running().context().db();
      TestBrisk.await(db.query("DROP TABLE IF EXISTS readiness_locked_tx"));
      TestBrisk.await(db.query("CREATE TABLE readiness_locked_tx (id bigint)"));
      SqlConnection locker = TestBrisk.await(db.pool().getConnection());
      try {
        Transaction tx = TestBrisk.await(locker.begin());
        TestBrisk.await(locker.query("LOCK TABLE readiness_locked_tx IN ACCESS EXCLUSIVE MODE")
            .execute());
        List<Future<Long>> blocked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          blocked.add(db.inTransaction(t -> t.query("SELECT count(*) FROM readiness_locked_tx")
              .map(rows -> rows.iterator().next().getLong(0))));
        }
        HttpResponse<Buffer> ready = app.get("/health/ready");
        assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
        assertThat(blocked).noneMatch(Future::isComplete);
        TestBrisk.await(tx.rollback());
        for (Future<Long> read : blocked) {
          assertThat(TestBrisk.await(read)).isZero();
        }
      } finally {
        TestBrisk.await(locker.close());
        TestBrisk.await(db.query("DROP TABLE readiness_locked_tx"));
      }
    }
  }

  /** An app with a feature configured to need Redis (as shared rate limits would be). */
  private static final class RedisFeatureApp implements BriskApp {
    @Override
    public Future<Void> start(BriskContext context) {
      context.health().require("redis");
      return Future.succeededFuture();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
    }
  }
}
