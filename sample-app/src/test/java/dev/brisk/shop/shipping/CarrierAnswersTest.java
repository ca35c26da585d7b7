package dev.brisk.shop.shipping;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.shop.ShopApp;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A carrier that answers 200 with something that is not a quote (not JSON, wrong types,
 * missing fields) fails the call like an error answer: the last good quote or a 503, never a
 * 4xx or 500 blamed on the client, nulls in the quote, or the bad answer kept as a last good one.
 */
class CarrierAnswersTest {

  private static final String GOOD = "{\"carrier\": \"held\", \"price_cents\": 700, \"days\": 2}";

  private static Vertx vertx;
  private static HttpServer carrier;
  private static TestBrisk app;
  /** What the carrier answers every quote with, status 200. */
  private static final AtomicReference<String> answer = new AtomicReference<>(GOOD);

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    carrier = await(vertx.createHttpServer().requestHandler(CarrierAnswersTest::carrier)
        .listen(0, "127.0.0.1"));
    app = TestBrisk.start(ShopApp::new, Map.of("dataset", "small",
        "carrier-url", "http://127.0.0.1:" + carrier.actualPort()));
  }

  @AfterAll
  static void stop() {
    app.close();
    await(vertx.close());
  }

  private static void carrier(HttpServerRequest request) {
    request.response().putHeader("Content-Type", "application/json").end(answer.get());
  }

  @Test
  void an_answer_that_is_not_a_quote_is_a_503_without_a_last_good_quote() {
    for (String bad : new String[] {"<html>busy</html>", "[1, 2]", "{}",
        "{\"carrier\": \"x\", \"price_cents\": \"700\", \"days\": 2}",
        "{\"carrier\": \"x\", \"price_cents\": 7.5, \"days\": 2}",
        "{\"carrier\": \"x\\u0000\", \"price_cents\": 700, \"days\": 2}"}) {
      answer.set(bad);
      HttpResponse<Buffer> r = quote(1, uniqueZip());
      assertThat(r.statusCode()).as(bad + ": " + r.bodyAsString()).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getString("type")).endsWith("/unavailable");
      assertThat(r.getHeader("Retry-After")).isNotNull();
    }
  }

  @Test
  void an_answer_that_is_not_a_quote_is_served_the_last_good_one_and_never_stored() {
    String zip = uniqueZip();
    answer.set(GOOD);
    JsonObject fresh = quote(2, zip).bodyAsJsonObject();
    assertThat(fresh.getBoolean("stale")).isFalse();
    answer.set("{\"carrier\": \"x\", \"price_cents\": \"900\", \"days\": 3}");
    HttpResponse<Buffer> wrongTypes = quote(2, zip);
    assertThat(wrongTypes.statusCode()).as(wrongTypes.bodyAsString()).isEqualTo(200);
    assertThat(wrongTypes.bodyAsJsonObject()).isEqualTo(fresh.copy().put("stale", true));
    answer.set("{}");
    assertThat(quote(2, zip).bodyAsJsonObject()).isEqualTo(fresh.copy().put("stale", true));
  }

  @Test
  void an_answer_over_64_kib_fails_the_call_instead_of_being_buffered() {
    // A valid quote padded past the cap: buffered whole, a large answer exhausted the heap.
    answer.set("{\"carrier\": \"held\", \"price_cents\": 700, \"days\": 2}"
        + " ".repeat(ShippingApi.MAX_ANSWER_BYTES));
    HttpResponse<Buffer> r = quote(3, uniqueZip());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
    answer.set(GOOD);
    assertThat(quote(3, uniqueZip()).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<Buffer> quote(long product, String zip) {
    return app.get("/api/products/" + product + "/shipping-quote?zip=" + zip);
  }

  private static String uniqueZip() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
