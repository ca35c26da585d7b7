package dev.brisk.shop.shipping;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brisk.devservices.FakeCarrier;
import dev.brisk.shop.Http;
import dev.brisk.shop.Protoc;
import dev.brisk.shop.ShopApp;
import dev.brisk.shop.proto.ShippingQuote;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/products/{id}/shipping-quote} end to end: two shop instances sharing Redis,
 * against this class's own fake carrier with faults.
 */
class ShippingQuoteTest {

  private static FakeCarrier carrier;
  private static TestBrisk first;
  private static TestBrisk second;

  @BeforeAll
  static void start() {
    carrier = FakeCarrier.start();
    first = app("PT30S");
    second = app("PT30S");
  }

  @AfterAll
  static void stop() {
    first.close();
    second.close();
    carrier.close();
  }

  @BeforeEach
  void healthy() {
    faults("{\"latency_ms\": 0, \"error_rate\": 0.0, \"down\": false}");
  }

  private static TestBrisk app(String openDuration) {
    Map<String, String> settings = new HashMap<>(Map.of("carrier-url", carrier.url(),
        "carrier-open-duration", openDuration, "dataset", "small"));
    return TestBrisk.start(ShopApp::new, settings);
  }

  @Test
  void a_fresh_quote_comes_from_the_carrier() {
    long before = requests();
    HttpResponse<Buffer> r = first.get("/api/products/3/shipping-quote?zip=20095");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject quote = r.bodyAsJsonObject();
    assertThat(quote.fieldNames()).containsExactlyInAnyOrder("product_id", "zip", "carrier",
        "price_cents", "days", "stale");
    assertThat(quote.getLong("product_id")).isEqualTo(3);
    assertThat(quote.getString("zip")).isEqualTo("20095");
    assertThat(quote.getBoolean("stale")).isFalse();
    assertThat(requests()).isEqualTo(before + 1);
    assertThat(first.get("/api/products/3/shipping-quote").bodyAsJsonObject().getString("zip"))
        .isEqualTo("10115");
  }

  /**
   * A read refused 406 costs nothing: the quote route declares JSON and protobuf, so
   * {@code Accept: text/html} is refused before its handler asks the carrier (it used to ask
   * first, then refuse the reply), and a 404 product is a 406 too.
   */
  @Test
  void an_unacceptable_accept_never_reaches_the_carrier() {
    long before = requests();
    HttpResponse<Buffer> html = first.get("/api/products/3/shipping-quote?zip=" + uniqueZip(),
        "Accept", "text/html");
    assertThat(html.statusCode()).as(html.bodyAsString()).isEqualTo(406);
    assertThat(html.bodyAsJsonObject().getString("type")).endsWith("/not-acceptable");
    assertThat(first.get("/api/products/999999/shipping-quote", "Accept", "text/html")
        .statusCode()).isEqualTo(406);
    assertThat(requests()).isEqualTo(before);
    HttpResponse<Buffer> any = first.get("/api/products/3/shipping-quote?zip=" + uniqueZip(),
        "Accept", "text/html, application/json;q=0.1");
    assertThat(any.statusCode()).as(any.bodyAsString()).isEqualTo(200);
    assertThat(requests()).isEqualTo(before + 1);
  }

  @Test
  void a_carrier_url_with_a_trailing_slash_quotes_fresh() {
    try (TestBrisk app = TestBrisk.start(ShopApp::new, Map.of("carrier-url",
        carrier.url() + "/", "dataset", "small"))) {
      assertThat(quote(app, 2, uniqueZip()).getBoolean("stale")).isFalse();
    }
  }

  @Test
  void a_carrier_url_that_is_not_an_http_base_url_is_refused_naming_the_option() {
    for (String url : new String[] {"nonsense", "ftp://127.0.0.1:1", carrier.url() + "/?a=1"}) {
      assertThat(catchThrowable(() -> ShippingApi.carrierUrl(url)))
          .as(url).hasMessageStartingWith("carrier-url must be an http or https URL");
    }
  }

  @Test
  void bad_zips_and_unknown_products_are_refused_before_the_carrier_is_called() {
    long before = requests();
    HttpResponse<Buffer> zip = first.get("/api/products/3/shipping-quote?zip=%3Cscript%3E");
    assertThat(zip.statusCode()).isEqualTo(400);
    assertThat(zip.bodyAsJsonObject().getString("type")).endsWith("/invalid-parameter");
    assertThat(first.get("/api/products/999999999/shipping-quote").statusCode()).isEqualTo(404);
    assertThat(requests()).isEqualTo(before);
  }

  @Test
  void without_a_configured_carrier_the_quote_is_a_503_saying_so() {
    HttpResponse<Buffer> r = Http.get("/api/products/1/shipping-quote");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("no carrier is configured");
  }

  @Test
  void half_of_the_carrier_calls_failing_is_served_fresh_by_retries() {
    faults("{\"error_rate\": 0.5}");
    long before = requests();
    for (int i = 0; i < 8; i++) {
      JsonObject quote = quote(first, 1 + i, uniqueZip());
      assertThat(quote.getBoolean("stale")).as("quote %d", i).isFalse();
    }
    // The 1st carrier call succeeds, then every second one fails: 7 retries for 8 quotes.
    assertThat(requests()).isEqualTo(before + 15);
  }

  @Test
  void a_slow_carrier_is_answered_stale_in_time_and_its_call_cancelled() {
    String zip = uniqueZip();
    JsonObject fresh = quote(first, 4, zip);
    long cancelled = faults("{\"latency_ms\": 60000}").getLong("cancelled");
    JsonObject stale = quote(first, 4, zip);
    assertThat(stale.getBoolean("stale")).isTrue();
    assertThat(stale.getLong("price_cents")).isEqualTo(fresh.getLong("price_cents"));
    eventually("the carrier saw the call cancelled",
        () -> faults("{}").getLong("cancelled") == cancelled + 1);
  }

  @Test
  void while_the_carrier_is_down_another_instance_serves_the_last_good_quote() {
    String zip = uniqueZip();
    JsonObject fresh = quote(first, 5, zip);
    faults("{\"down\": true}");
    JsonObject stale = quote(second, 5, zip);
    assertThat(stale.getBoolean("stale")).isTrue();
    assertThat(stale.copy().put("stale", false)).isEqualTo(fresh);
  }

  /**
   * A quote is negotiated like the other single resources: {@code Accept:
   * application/x-protobuf} gets a {@code brisk.shop.ShippingQuote} (as stock protoc reads it)
   * with the values the JSON answer has, fresh or stale; another type is 406, and a 503 stays
   * problem+json (before, protobuf was a 406).
   */
  @Test
  void a_quote_is_json_or_protobuf_with_the_same_values() throws Exception {
    String zip = uniqueZip();
    String uri = "/api/products/9/shipping-quote?zip=" + zip;
    JsonObject json = quote(first, 9, zip);
    HttpResponse<Buffer> fresh = first.get(uri, "Accept", "application/x-protobuf");
    assertThat(fresh.statusCode()).as(fresh.bodyAsString()).isEqualTo(200);
    assertThat(fresh.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(fresh.getHeader("Vary")).contains("Accept");
    assertThat(Protoc.decodeToJson(ShippingQuote.getDefaultInstance(), fresh.body().getBytes()))
        .isEqualTo(json);
    faults("{\"down\": true}");
    HttpResponse<Buffer> stale = second.get(uri, "Accept",
        "application/x-protobuf; proto=brisk.shop.ShippingQuote");
    assertThat(stale.statusCode()).as(stale.bodyAsString()).isEqualTo(200);
    assertThat(Protoc.decodeToJson(ShippingQuote.getDefaultInstance(), stale.body().getBytes()))
        .isEqualTo(json.copy().put("stale", true));
    HttpResponse<Buffer> none = second.get("/api/products/9/shipping-quote?zip=" + uniqueZip(),
        "Accept", "application/x-protobuf");
    assertThat(none.statusCode()).isEqualTo(503);
    assertThat(none.getHeader("Content-Type")).startsWith("application/problem+json");
    HttpResponse<Buffer> html = first.get(uri, "Accept", "text/html");
    assertThat(html.statusCode()).isEqualTo(406);
    assertThat(html.bodyAsJsonObject().getString("detail"))
        .contains("application/x-protobuf; proto=brisk.shop.ShippingQuote");
    JsonObject ok = first.get("/openapi.json").bodyAsJsonObject().getJsonObject("paths")
        .getJsonObject("/api/products/{id}/shipping-quote").getJsonObject("get")
        .getJsonObject("responses").getJsonObject("200").getJsonObject("content");
    assertThat(ok.fieldNames()).containsExactly("application/json", "application/x-protobuf");
    assertThat(ok.getJsonObject("application/x-protobuf").getString("x-protobuf-message"))
        .isEqualTo("brisk.shop.ShippingQuote");
  }

  @Test
  void without_a_last_good_quote_a_failing_carrier_is_a_503_with_retry_after() {
    faults("{\"down\": true}");
    HttpResponse<Buffer> r = second.get("/api/products/6/shipping-quote?zip=" + uniqueZip());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(r.getHeader("Retry-After")).isNotNull();
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("carrier");
  }

  @Test
  void an_outage_opens_the_breaker_so_no_call_reaches_the_carrier_while_open() {
    try (TestBrisk app = app("PT60S")) {
      faults("{\"down\": true}");
      for (int i = 0; i < 5; i++) {
        assertThat(app.get("/api/products/7/shipping-quote?zip=" + uniqueZip()).statusCode())
            .isEqualTo(503);
      }
      long seen = requests();
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> r = app.get("/api/products/7/shipping-quote?zip=" + uniqueZip());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(Integer.parseInt(r.getHeader("Retry-After"))).isBetween(1, 60);
      }
      assertThat(requests()).as("short-circuited calls").isEqualTo(seen);
      assertThat(metric(app, "brisk_outbound_calls_total{outcome=\"short_circuited\""))
          .isEqualTo(5);
    }
  }

  @Test
  void after_the_outage_probes_find_the_carrier_back_and_close_the_breaker() {
    try (TestBrisk app = app("PT0.2S")) {
      String zip = uniqueZip();
      faults("{\"down\": true}");
      for (int i = 0; i < 5; i++) {
        app.get("/api/products/8/shipping-quote?zip=" + zip);
      }
      assertThat(metric(app, "brisk_outbound_breaker_state{state=\"open\"")).isEqualTo(1);
      faults("{\"down\": false}");
      // Probes are real calls: each poll sends one, and the third success closes the breaker.
      eventually("breaker closed after its probes", () -> {
        HttpResponse<Buffer> r = app.get("/api/products/8/shipping-quote?zip=" + zip);
        return r.statusCode() == 200
            && metric(app, "brisk_outbound_breaker_state{state=\"closed\"") == 1;
      });
      assertThat(quote(app, 8, zip).getBoolean("stale")).isFalse();
      assertThat(metric(app, "brisk_outbound_breaker_transitions_total{target=\"carrier\","
          + "to=\"half_open\"")).isGreaterThanOrEqualTo(1);
    }
  }

  private static JsonObject quote(TestBrisk app, long product, String zip) {
    HttpResponse<Buffer> r = app.get("/api/products/" + product + "/shipping-quote?zip=" + zip);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static String uniqueZip() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static long requests() {
    return faults("{}").getLong("requests");
  }

  private static JsonObject faults(String json) {
    return await(first.client().putAbs(carrier.url() + "/faults")
        .sendBuffer(Buffer.buffer(json))).bodyAsJsonObject();
  }

  /** The value of the first Prometheus sample whose line starts with {@code prefix}. */
  private static double metric(TestBrisk app, String prefix) {
    String text = await(app.send(HttpMethod.GET, "/metrics", null)).bodyAsString();
    return text.lines().filter(l -> l.startsWith(prefix) && l.contains("target=\"carrier\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in " + text));
  }
}
