package dev.brisk.shop.shipping;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.shop.ShopApp;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The carrier bulkhead (64 calls in flight) is what bounds the shop's concurrent carrier calls,
 * not its HTTP client's connection pool: a carrier this test holds sees every concurrent quote
 * at once, without timing anything.
 */
class CarrierConcurrencyTest {

  /** More than the HTTP client's default pool (5 connections), fewer than the bulkhead (64). */
  private static final int QUOTES = 12;

  private static Vertx vertx;
  private static HttpServer carrier;
  private static TestBrisk app;
  private static final AtomicInteger held = new AtomicInteger();
  private static final Promise<Void> release = Promise.promise();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    carrier = await(vertx.createHttpServer().requestHandler(CarrierConcurrencyTest::carrier)
        .listen(0, "127.0.0.1"));
    app = TestBrisk.start(ShopApp::new, Map.of("dataset", "small", "deadline", "PT60S",
        "carrier-url", "http://127.0.0.1:" + carrier.actualPort(), "carrier-timeout", "PT60S"));
  }

  @AfterAll
  static void stop() {
    release.tryComplete();
    app.close();
    await(vertx.close());
  }

  private static void carrier(HttpServerRequest request) {
    if (!request.path().equals("/quote")) {
      request.response().end();
      return;
    }
    held.incrementAndGet();
    release.future().onComplete(x -> request.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("carrier", "held").put("price_cents", 700).put("days", 2)
            .encode()));
  }

  @Test
  void concurrent_quotes_under_the_bulkhead_all_reach_the_carrier_at_once() {
    // A zip of its own: last good quotes live in the Redis other test classes share.
    String zip = UUID.randomUUID().toString().substring(0, 8);
    List<Future<HttpResponse<Buffer>>> quotes = new ArrayList<>();
    for (int i = 1; i <= QUOTES; i++) {
      quotes.add(app.send(HttpMethod.GET, "/api/products/" + i + "/shipping-quote?zip=" + zip,
          null, "X-API-Key", "demo-internal"));
    }
    // Without a pool sized to the bulkhead, 5 reach the carrier and the rest wait for a
    // connection, their wait counted against the carrier's timeout and by its breaker.
    eventually("all " + QUOTES + " quotes at the carrier together", () -> held.get() == QUOTES);
    release.complete();
    for (Future<HttpResponse<Buffer>> quote : quotes) {
      HttpResponse<Buffer> r = await(quote);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getBoolean("stale")).isFalse();
    }
  }
}
