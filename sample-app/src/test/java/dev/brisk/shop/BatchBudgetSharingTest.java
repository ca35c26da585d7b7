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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch's sub-request renders under what its siblings left of the batch's row budget, so its
 * load of a representation can be refused (413) where the same representation alone fits. A
 * request of another caller that shares that load (same key) gets the representation, not the
 * batch's refusal. The batch waits on a carrier this test holds, between the sibling that spends
 * the budget and the refused sub-request, and the refused load waits on a table lock while the
 * other request joins it: nothing is timed.
 */
class BatchBudgetSharingTest {

  /** 10,201 embedded rows of the anonymous budget's 12,500. */
  private static final String SPENDS = "/api/products/191?fields=id,"
      + "category(products(category(products(id))))";
  /** 10,200 rows: within the budget alone, over what {@link #SPENDS} leaves of it. */
  private static final String SHARED = "/api/categories/%d?fields=products(category(products(id)))";

  private static Vertx vertx;
  private static HttpServer carrier;
  private static TestBrisk app;
  private static final Promise<Void> called = Promise.promise();
  private static final Promise<Void> release = Promise.promise();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    carrier = TestBrisk.await(vertx.createHttpServer()
        .requestHandler(BatchBudgetSharingTest::carrier).listen(0, "127.0.0.1"));
    app = TestBrisk.start(ShopApp::new, Map.of("dataset", "small", "deadline", "PT60S",
        "carrier-url", "http://127.0.0.1:" + carrier.actualPort(), "carrier-timeout", "PT60S"));
  }

  @AfterAll
  static void stop() {
    release.tryComplete();
    app.close();
    TestBrisk.await(vertx.close());
  }

  private static void carrier(HttpServerRequest request) {
    if (!request.path().equals("/quote")) {
      request.response().end();
      return;
    }
    called.tryComplete();
    release.future().onComplete(x -> request.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("carrier", "held").put("price_cents", 700).put("days", 2)
            .encode()));
  }

  private static JsonObject get(String id, String path, String dependsOn) {
    JsonObject r = new JsonObject().put("id", id).put("method", "GET").put("path", path);
    return dependsOn == null ? r : r.put("depends_on", new JsonArray().add(dependsOn));
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
    Promise<Void> locked = Promise.promise();
    Promise<Void> unlock = Promise.promise();
    Future<Void> holder = app.running().context().db().inTransaction(tx -> tx
        .query("LOCK TABLE categories IN ACCESS EXCLUSIVE MODE").compose(r -> {
          locked.complete();
          return unlock.future();
        }));
    TestBrisk.await(locked.future());
    Future<HttpResponse<Buffer>> alone;
    try {
      release.complete();
      TestBrisk.eventually("the batch's load waits for the lock", () -> waitingForLock() == 1);
      alone = app.send(HttpMethod.GET, shared, null);
      // Leave it the time to reach the cache and find the batch's load in flight.
      Thread.sleep(500);
    } finally {
      unlock.complete();
      TestBrisk.await(holder);
    }
    JsonObject over = TestBrisk.await(batch).bodyAsJsonObject().getJsonArray("responses")
        .stream().map(JsonObject.class::cast).filter(r -> r.getString("id").equals("over"))
        .findFirst().orElseThrow();
    assertThat(over.getInteger("status")).as(over.encode()).isEqualTo(413);
    HttpResponse<Buffer> answer = TestBrisk.await(alone);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getJsonArray("products")).hasSize(100);
  }

  /** Statements waiting for a lock, read on a connection of its own (not the pipelined one). */
  private static long waitingForLock() {
    return TestBrisk.await(app.running().context().db().inTransaction(tx -> tx.query(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            + "AND query LIKE '%categories%'"))).iterator().next().getLong(0);
  }
}
