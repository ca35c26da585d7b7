package dev.brisk.shop.faults;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;
import dev.brisk.http.Reply;
import dev.brisk.problem.Problem;
import dev.brisk.shop.ShopApp;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shop against a durable PostgreSQL of its own that the tests freeze, crash and restart: no
 * acknowledged order is lost, no order is committed after an answer that said it was not, an
 * unreachable database is a 503 with {@code Retry-After}, and the app recovers by itself.
 */
class StoreFaultsTest {

  private static final String PRODUCT_STOCK = "UPDATE products SET stock = 1000000 "
      + "WHERE id BETWEEN 101 AND 108";

  private static DevServices dev;
  private static Postgres postgres;
  private static TestBrisk app;

  @BeforeAll
  static void start() {
    dev = DevServices.start(DevServicesOptions.defaults());
    postgres = new Postgres(dev);
    app = TestBrisk.start(ShopApp::new, Map.of("pg-url", dev.pgUrl(), "redis-url",
        dev.redisUrl(), "dataset", "small", "deadline", "PT1S"));
    sql(PRODUCT_STOCK);
  }

  @AfterAll
  static void stop() {
    try {
      app.close();
    } finally {
      dev.close();
    }
  }

  /** Every test leaves PostgreSQL running and the app serving. */
  @AfterEach
  void serving() {
    eventually("the app serves again", () -> app.get("/api/products/101").statusCode() == 200);
  }

  @Test
  void dev_services_run_postgres_durably_by_default() {
    for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
      assertThat(await(app.running().context().db().query("SHOW " + setting, Tuple.tuple()))
          .iterator().next().getString(0)).as(setting).isEqualTo("on");
    }
  }

  @Test
  void an_order_answered_as_not_done_while_postgres_is_frozen_is_never_committed() {
    long before = count("SELECT count(*) FROM orders");
    List<String> keys = keys(5);
    postgres.freeze();
    List<HttpResponse<Buffer>> answers;
    try {
      answers = await(Future.all(keys.stream().map(StoreFaultsTest::order).toList()))
          .list();
    } finally {
      postgres.thaw();
    }
    eventually("no transaction of the app is still open", () -> quietly(() -> count(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'brisk' "
        + "AND state <> 'idle' AND pid <> pg_backend_pid()") == 0));
    for (int i = 0; i < keys.size(); i++) {
      String slug = slug(answers.get(i));
      assertThat(answers.get(i).statusCode()).as(answers.get(i).bodyAsString()).isIn(201, 503,
          504);
      if (!"outcome-unknown".equals(slug) && answers.get(i).statusCode() != 201) {
        assertThat(committed(keys.get(i))).as("order answered " + slug).isFalse();
      }
    }
    // A retry with the same key creates an order once, whatever the first answer was.
    keys.forEach(key -> eventually("retry of " + key, () -> await(order(key)).statusCode()
        == 201));
    assertThat(count("SELECT count(*) FROM orders")).isEqualTo(before + keys.size());
  }

  @Test
  void a_commit_whose_outcome_is_unknown_is_answered_503_outcome_unknown() {
    sql("CREATE TABLE IF NOT EXISTS fault_writes (id bigserial PRIMARY KEY, key text)");
    String key = "commit-" + UUID.randomUUID();
    // PostgreSQL freezes after the last statement, so the COMMIT goes to a frozen server.
    TestBrisk writes = TestBrisk.start(() -> (routes, ctx) -> routes.post("/writes",
        Access.open(), rc -> ctx.db().inTransaction(tx -> tx.query(
                "INSERT INTO fault_writes (key) VALUES ($1) RETURNING id", Tuple.of(key))
            .compose(rows -> rc.vertx().executeBlocking(() -> {
              postgres.freeze();
              return rows.iterator().next().getLong("id");
            })))
            .map(id -> Reply.created("/writes/" + id, new JsonObject().put("id", id)))),
        Map.of("pg-url", dev.pgUrl(), "redis-url", dev.redisUrl(), "deadline", "PT1S"));
    try {
      HttpResponse<Buffer> answer;
      try {
        answer = await(writes.send(HttpMethod.POST, "/writes", Buffer.buffer("{}"),
            "Content-Type", "application/json"));
      } finally {
        postgres.thaw();
      }

      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(503);
      assertThat(slug(answer)).isEqualTo("outcome-unknown");
      assertThat(answer.getHeader("Retry-After")).isNotNull();
      // It was right not to say 504: the commit completes once PostgreSQL runs again.
      eventually("the commit finished after the thaw", () -> quietly(() -> count(
          "SELECT count(*) FROM fault_writes WHERE key = $1", key) == 1));
    } finally {
      writes.close();
    }
  }

  @Test
  void postgres_down_is_a_503_with_retry_after_and_the_app_recovers_by_itself() {
    // Cached now, the internal key is still known while PostgreSQL is down.
    assertThat(app.get("/health/ready", "X-API-Key", "demo-internal").statusCode())
        .isEqualTo(200);
    postgres.crash();
    try {
      // Not ready is an error like any other: a problem, naming why to the internal tier only.
      HttpResponse<Buffer> detailed = app.get("/health/ready", "X-API-Key", "demo-internal");
      assertThat(detailed.statusCode()).isEqualTo(503);
      assertThat(detailed.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(slug(detailed)).isEqualTo("unavailable");
      assertThat(detailed.bodyAsJsonObject().getString("detail")).contains("postgres");
      assertThat(detailed.bodyAsJsonObject().getJsonObject("checks").getJsonObject("postgres")
          .getString("status")).isEqualTo("DOWN");
      assertThat(detailed.getHeader("Cache-Control")).isEqualTo("private, no-store");
      HttpResponse<Buffer> ready = app.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(ready.bodyAsJsonObject().containsKey("checks")).isFalse();
      assertThat(ready.bodyAsJsonObject().getString("detail")).doesNotContain("postgres");
      for (int i = 0; i < 5; i++) {
        // Ids no test reads, so the answer cannot come from the read cache (which keeps serving
        // what it holds while PostgreSQL is down).
        HttpResponse<Buffer> r = app.get("/api/products/" + (7301 + i));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(slug(r)).isEqualTo("unavailable");
        assertThat(r.getHeader("Retry-After")).matches("[1-9][0-9]*");
      }
      assertThat(app.get("/health/ready").statusCode()).isEqualTo(503);
      HttpResponse<Buffer> write = await(order(UUID.randomUUID().toString()));
      assertThat(write.statusCode()).as(write.bodyAsString()).isEqualTo(503);
    } finally {
      postgres.restart();
    }
    eventually("ready again", () -> app.get("/health/ready").statusCode() == 200);
  }

  @Test
  void every_acknowledged_order_survives_a_postgres_crash() {
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    Map<String, String> notDone = new ConcurrentHashMap<>();
    AtomicBoolean crashed = new AtomicBoolean();
    List<Future<Void>> clients = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      clients.add(keepOrdering(crashed, acknowledged, notDone));
    }
    eventually("orders are being acknowledged", () -> acknowledged.size() >= 100);
    crashed.set(true);
    postgres.crash();
    try {
      await(Future.all(clients));
    } finally {
      postgres.restart();
    }
    eventually("ready again", () -> app.get("/health/ready").statusCode() == 200);
    // Readiness pings on a connection of its own: the app's pool may refuse a moment longer,
    // until its breaker lets a statement through again.
    eventually("the app's pool answers again", () -> quietly(() -> count("SELECT 1") == 1));

    Long[] ids = acknowledged.values().toArray(Long[]::new);
    assertThat(count("SELECT count(*) FROM orders WHERE id = ANY($1)", (Object) ids))
        .as("acknowledged orders after the crash").isEqualTo(ids.length);
    assertThat(notDone).as("answers after the crash").isNotEmpty();
    for (Map.Entry<String, String> e : notDone.entrySet()) {
      assertThat(committed(e.getKey())).as("order answered " + e.getValue()).isFalse();
    }
  }

  /**
   * One client placing orders one after the other, each with a new key, until it gets an answer
   * other than 201 after the crash; records every answer.
   */
  private static Future<Void> keepOrdering(AtomicBoolean crashed, Map<String, Long> acknowledged,
      Map<String, String> notDone) {
    String key = "fault-" + UUID.randomUUID();
    return order(key).transform(ar -> {
      boolean created = ar.succeeded() && ar.result().statusCode() == 201;
      if (created) {
        acknowledged.put(key, ar.result().bodyAsJsonObject().getLong("id"));
      } else if (ar.succeeded() && !"outcome-unknown".equals(slug(ar.result()))) {
        notDone.put(key, ar.result().statusCode() + " " + slug(ar.result()));
      }
      return crashed.get() && !created ? Future.succeededFuture()
          : keepOrdering(crashed, acknowledged, notDone);
    });
  }

  /** False while the database still refuses (the breaker's 503 right after a fault). */
  private static boolean quietly(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static List<String> keys(int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add("fault-" + UUID.randomUUID());
    }
    return keys;
  }

  private static Future<HttpResponse<Buffer>> order(String key) {
    JsonObject body = new JsonObject().put("user_id", 7).put("items", new JsonArray()
        .add(new JsonObject().put("product_id", 101 + Math.floorMod(key.hashCode(), 8))
            .put("quantity", 1)));
    return app.send(HttpMethod.POST, "/api/orders", body.toBuffer(), "Content-Type",
        "application/json", "X-API-Key", "demo-internal", "Idempotency-Key", key);
  }

  private static String slug(HttpResponse<Buffer> r) {
    if (!"application/problem+json".equals(r.getHeader("Content-Type"))) {
      return "-";
    }
    return r.bodyAsJsonObject().getString("type").substring(Problem.TYPE_BASE.length());
  }

  /** Whether the order sent with this key was committed (its key is recorded with it). */
  private static boolean committed(String key) {
    return count("SELECT count(*) FROM idempotency_keys WHERE key LIKE '% ' || $1", key) > 0;
  }

  private static long count(String sql, Object... params) {
    return await(app.running().context().db().primary().query(sql, Tuple.wrap(params)))
        .iterator().next().getLong(0);
  }

  private static void sql(String sql) {
    await(app.running().context().db().query(sql, Tuple.tuple()));
  }
}
