package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A load refused for what its own request may do is not handed to the requests that shared it
 * (same key, another caller): a batch's sub-request renders under what its siblings left of the
 * batch's row budget (413 where the same representation alone fits), and runs until the batch's
 * deadline (504 before the other request's own). The batch waits on a carrier this test holds
 * before the sub-request whose load is shared, and that load waits on a table lock while the
 * other request joins it.
 */
class BatchBudgetSharingTest {

  /** 10,201 embedded rows of the anonymous budget's 12,500. */
  private static final String SPENDS = "/api/products/191?fields=id,"
      + "category(products(category(products(id))))";
  /** 10,200 rows: within the budget alone, over what {@link #SPENDS} leaves of it. */
  private static final String SHARED = "/api/categories/%d?fields=products(category(products(id)))";

  private static final long DEADLINE_SECONDS = 6;

  private static Vertx vertx;
  private static HttpServer carrier;
  private static TestBrisk app;
  /** The quote call of the running test has arrived; it is answered once released. */
  private static volatile Promise<Void> called;
  private static volatile Promise<Void> release;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    carrier = TestBrisk.await(vertx.createHttpServer()
        .requestHandler(BatchBudgetSharingTest::carrier).listen(0, "127.0.0.1"));
    app = TestBrisk.start(ShopApp::new, Map.of("dataset", "small",
        "deadline", "PT" + DEADLINE_SECONDS + "S",
        "carrier-url", "http://127.0.0.1:" + carrier.actualPort(), "carrier-timeout", "PT60S"));
  }

  @BeforeEach
  void hold() {
    called = Promise.promise();
    release = Promise.promise();
  }

  @AfterEach
  void letGo() {
    release.tryComplete();
  }

  @AfterAll
  static void stop() {
    app.close();
    TestBrisk.await(vertx.close());
  }

  private static void carrier(HttpServerRequest request) {
    if (!request.path().equals("/quote")) {
      request.response().end();
      return;
    }
    called.tryComplete();
    Promise<Void> mine = release;
    mine.future().onComplete(x -> request.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("carrier", "held").put("price_cents", 700).put("days", 2)
            .encode()));
  }

  private static JsonObject get(String id, String path, String dependsOn) {
    JsonObject r = new JsonObject().put("id", id).put("method", "GET").put("path", path);
    return dependsOn == null ? r : r.put("depends_on", new JsonArray().add(dependsOn));
  }

  /** Holds an ACCESS EXCLUSIVE lock on categories; running the result lets it go. */
  private Runnable lockCategories() {
    Promise<Void> locked = Promise.promise();
    Promise<Void> unlock = Promise.promise();
    Future<Void> holder = app.running().context().db().inTransaction(tx -> tx
        .query("LOCK TABLE categories IN ACCESS EXCLUSIVE MODE").compose(r -> {
          locked.complete();
          return unlock.future();
        }));
    TestBrisk.await(locked.future());
    return () -> {
      unlock.complete();
      TestBrisk.await(holder);
    };
  }

  private static JsonObject subResponse(HttpResponse<Buffer> batch, String id) {
    return batch.bodyAsJsonObject().getJsonArray("responses").stream()
        .map(JsonObject.class::cast).filter(r -> r.getString("id").equals(id))
        .findFirst().orElseThrow();
  }

  @Test
  void a_request_sharing_a_load_refused_for_a_batchs_spent_budget_gets_the_representation()
      throws Exception {
    String shared = SHARED.formatted(17);
    JsonArray requests = new JsonArray().add(get("spend", SPENDS, null))
        .add(get("q", "/api/products/191/shipping-quote", "spend"))
        .add(get("over", shared, "q"));
    Future<HttpResponse<Buffer>> batch = app.send(HttpMethod.POST, "/api/batch",
        new JsonObject().put("requests", requests).toBuffer(), "Content-Type",
        "application/json");
    // The budget is spent (q depends on it) and "over" waits for q.
    TestBrisk.await(called.future());
    Runnable unlock = lockCategories();
    Future<HttpResponse<Buffer>> alone;
    try {
      release.complete();
      TestBrisk.eventually("the batch's load waits for the lock", () -> waitingForLock() == 1);
      alone = app.send(HttpMethod.GET, shared, null);
      // Leave it the time to reach the cache and find the batch's load in flight.
      Thread.sleep(500);
    } finally {
      unlock.run();
    }
    JsonObject over = subResponse(TestBrisk.await(batch), "over");
    assertThat(over.getInteger("status")).as(over.encode()).isEqualTo(413);
    HttpResponse<Buffer> answer = TestBrisk.await(alone);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getJsonArray("products")).hasSize(100);
  }

  @Test
  void a_request_sharing_a_load_cut_off_by_a_batchs_deadline_gets_the_representation()
      throws Exception {
    String shared = "/api/products?limit=100&category_id=18"
        + "&fields=id,category(products(category(id)))";
    JsonArray requests = new JsonArray()
        .add(get("q", "/api/products/192/shipping-quote", null))
        .add(get("late", shared, "q"));
    // The key lookup is cached: a lookup would queue behind the held statement on the
    // pipelined connection, and the request would reach the cache only once it is released.
    assertThat(app.get("/api/categories/18", "X-API-Key", "demo-free").statusCode())
        .isEqualTo(200);
    long sent = System.nanoTime();
    Future<HttpResponse<Buffer>> batch = app.send(HttpMethod.POST, "/api/batch",
        new JsonObject().put("requests", requests).toBuffer(), "Content-Type",
        "application/json", "X-API-Key", "demo-pro");
    TestBrisk.await(called.future());
    // The shared load starts late in the batch's deadline and early in the other request's.
    Thread.sleep(Math.max(0, DEADLINE_SECONDS * 1000 / 2
        - Duration.ofNanos(System.nanoTime() - sent).toMillis()));
    Runnable unlock = lockCategories();
    Future<HttpResponse<Buffer>> alone;
    try {
      release.complete();
      TestBrisk.eventually("the batch's load waits for the lock", () -> waitingForLock() == 1);
      alone = app.send(HttpMethod.GET, shared, null, "X-API-Key", "demo-free");
      JsonObject late = subResponse(TestBrisk.await(batch), "late");
      assertThat(late.getInteger("status")).as(late.encode()).isEqualTo(504);
    } finally {
      unlock.run();
    }
    HttpResponse<Buffer> answer = TestBrisk.await(alone);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getJsonArray("data")).hasSize(100);
  }

  /** Statements waiting for a lock, read on a connection of its own (not the pipelined one). */
  private static long waitingForLock() {
    return TestBrisk.await(app.running().context().db().inTransaction(tx -> tx.query(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            + "AND query LIKE '%categories%'"))).iterator().next().getLong(0);
  }
}
