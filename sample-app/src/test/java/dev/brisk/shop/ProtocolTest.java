package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Error classes and headers every route shares: problem+json, request ids, Server-Timing, Date.
 */
class ProtocolTest {

  private static void assertProblem(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject p = Http.json(r);
    assertThat(p.getInteger("status")).isEqualTo(status);
    assertThat(p.getString("type")).startsWith("https://brisk.dev/problems/");
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getString("detail")).isNotBlank();
    assertThat(r.bodyAsString()).doesNotContain("Exception").doesNotContain("SELECT ")
        .doesNotContain("\tat ");
  }

  @Test
  void unknown_route_is_404_problem() {
    HttpResponse<Buffer> r = Http.get("/api/nothing-here");
    assertProblem(r, 404);
    assertThat(Http.json(r).getString("detail")).contains("/api/nothing-here");
  }

  @Test
  void wrong_method_is_405_with_allow() {
    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.DELETE, "/api/orders", null));
    assertProblem(r, 405);
    assertThat(r.getHeader("Allow")).contains("POST").doesNotContain("DELETE");
  }

  @Test
  void wrong_method_on_a_literal_path_is_405_with_its_allow_not_the_id_route() {
    HttpResponse<Buffer> imports = Http.get("/api/products/import");
    assertProblem(imports, 405);
    assertThat(imports.getHeader("Allow")).isEqualTo("OPTIONS, POST");
    HttpResponse<Buffer> patch = TestBrisk.await(Http.send(HttpMethod.PATCH,
        "/api/products/export", Buffer.buffer("{}"), "Content-Type", "application/json"));
    assertProblem(patch, 405);
    // The export is a stream (GET and its HEAD); PATCH of /api/products/:id is not its.
    assertThat(patch.getHeader("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(Http.post("/api/products/export", "application/json", "{}").getHeader("Allow"))
        .isEqualTo("GET, HEAD, OPTIONS");
    HttpResponse<Buffer> head = TestBrisk.await(Http.send(HttpMethod.HEAD,
        "/api/products/export?fields=id,name", null, "Accept", "text/event-stream"));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).isEqualTo("text/event-stream");
    assertThat(head.body()).isNull();
    assertThat(TestBrisk.await(Http.send(HttpMethod.HEAD, "/api/products/export?fields=nope",
        null)).statusCode()).as("the GET's checks").isEqualTo(400);
    assertThat(TestBrisk.await(Http.send(HttpMethod.OPTIONS, "/api/products/import", null))
        .getHeader("Allow")).isEqualTo("OPTIONS, POST");
  }

  @Test
  void options_lists_allowed_methods() {
    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.OPTIONS, "/api/products/7", null));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.getHeader("Allow")).contains("GET").contains("PATCH").contains("OPTIONS");
    assertThat(TestBrisk.await(Http.send(HttpMethod.OPTIONS, "/api/nowhere", null)).statusCode())
        .isEqualTo(404);
  }

  /**
   * RFC 5789 section 3.1: {@code Accept-Patch} should appear in the {@code OPTIONS} answer of a
   * resource that supports PATCH; {@code Accept-Post} likewise for POST. Each names what the
   * 415 of that write names.
   */
  @Test
  void options_names_the_media_types_a_patch_or_post_accepts() {
    HttpResponse<Buffer> product = options("/api/products/7");
    assertThat(product.getHeader("Accept-Patch"))
        .isEqualTo("application/merge-patch+json, application/json");
    assertThat(product.getHeader("Accept-Post")).isNull();
    HttpResponse<Buffer> orders = options("/api/orders/");
    assertThat(orders.getHeader("Accept-Post")).isEqualTo("application/json");
    assertThat(orders.getHeader("Accept-Patch")).isNull();
    assertThat(options("/api/batch").getHeader("Accept-Post")).isEqualTo("application/json");
    assertThat(options("/api/products/import").getHeader("Accept-Post"))
        .isEqualTo("application/x-ndjson");
    HttpResponse<Buffer> list = options("/api/products");
    assertThat(list.statusCode()).isEqualTo(204);
    assertThat(list.getHeader("Accept-Post")).isNull();
    assertThat(list.getHeader("Accept-Patch")).isNull();
    HttpResponse<Buffer> refused = Http.post("/api/orders", "text/plain", "{}",
        "X-API-Key", "demo-pro");
    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(refused.getHeader("Accept-Post")).isEqualTo(orders.getHeader("Accept-Post"));
  }

  private static HttpResponse<Buffer> options(String path) {
    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.OPTIONS, path, null));
    assertThat(r.statusCode()).as(path).isEqualTo(204);
    return r;
  }

  @Test
  void unsupported_accept_is_406() {
    HttpResponse<Buffer> r = Http.get("/health/live", "Accept", "text/csv");
    assertProblem(r, 406);
    assertThat(Http.get("/health/live", "Accept", "text/csv;q=0.5, application/*").statusCode())
        .isEqualTo(200);
  }

  @Test
  void request_id_is_echoed_or_generated() {
    HttpResponse<Buffer> echoed = Http.get("/health/live", "X-Request-Id", "trace-abc.123");
    assertThat(echoed.getHeader("X-Request-Id")).isEqualTo("trace-abc.123");
    HttpResponse<Buffer> invalid = Http.get("/health/live", "X-Request-Id", "bad id with spaces");
    assertThat(invalid.getHeader("X-Request-Id")).matches("[0-9a-f]{16,32}");
    HttpResponse<Buffer> generated = Http.get("/health/live");
    assertThat(generated.getHeader("X-Request-Id")).matches("[0-9a-f]{16,32}")
        .isNotEqualTo(invalid.getHeader("X-Request-Id"));
  }

  @Test
  void every_response_has_server_timing_even_errors() {
    assertThat(Http.get("/api/nothing").getHeader("Server-Timing"))
        .matches("db;dur=0.00;desc=\"0 queries\", total;dur=[0-9.]+");
    assertThat(Http.get("/health/live").getHeader("Server-Timing")).contains("total;dur=");
  }

  /**
   * RFC 9110 section 6.6.1: every 2xx, 3xx and 4xx answer of an origin server with a clock
   * carries {@code Date} in IMF-fixdate form (caches compute the age of {@code max-age} answers
   * from it); a batch's sub-responses are not HTTP messages and carry none.
   */
  @Test
  void every_response_carries_a_date_in_imf_fixdate_form() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<Buffer> ok = Http.get("/api/products/1");
    List<HttpResponse<Buffer>> answers = List.of(ok,
        Http.get("/api/products/1", "If-None-Match", ok.getHeader("ETag")),
        Http.get("/api/nothing"),
        TestBrisk.await(Http.send(HttpMethod.DELETE, "/api/products/1", null)),
        TestBrisk.await(Http.send(HttpMethod.OPTIONS, "/api/products/1", null)),
        Http.get("/api/products/export?category_id=3&fields=id"),
        Http.get("/api/users/1", "X-API-Key", null),
        Http.get("/health/live"));
    Instant after = Instant.now();
    for (HttpResponse<Buffer> r : answers) {
      String date = r.getHeader("Date");
      assertThat(date).as("%d answer", r.statusCode())
          .matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} "
              + "\\d{2}:\\d{2}:\\d{2} GMT");
      Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant();
      assertThat(sent).as(date).isBetween(before, after);
    }
    assertThat(answers).extracting(HttpResponse::statusCode)
        .containsExactly(200, 304, 404, 405, 204, 200, 401, 200);
    HttpResponse<Buffer> batch = Http.postJson("/api/batch", new JsonObject().put("requests",
        new JsonArray().add(new JsonObject().put("id", "p").put("method", "GET")
            .put("path", "/api/products/1"))));
    assertThat(batch.getHeader("Date")).isNotNull();
    assertThat(Http.json(batch).getJsonArray("responses").getJsonObject(0)
        .getJsonObject("headers").fieldNames()).doesNotContain("Date");
  }

  @Test
  void liveness_and_readiness_report_each_store() {
    HttpResponse<Buffer> live = Http.get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> ready = Http.get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject body = Http.json(ready);
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getJsonObject("postgres").getString("status"))
        .isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getJsonObject("redis").getString("status"))
        .isEqualTo("UP");
  }
}
