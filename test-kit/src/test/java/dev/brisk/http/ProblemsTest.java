package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Every failure is {@code application/problem+json} with type, title, status and detail; a 500
 * hides internals and carries the request id; bodies that are too large or malformed are 413
 * and 400.
 */
class ProblemsTest {

  private static final TestBrisk APP = HttpTestApp.app();

  /** Asserts an RFC 9457 problem of {@code status} and type slug, with no internals. */
  static void assertProblem(HttpResponse<Buffer> r, int status, String slug) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject p = r.bodyAsJsonObject();
    assertThat(p.getString("type")).isEqualTo(Problem.TYPE_BASE + slug);
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getInteger("status")).isEqualTo(status);
    assertThat(p.getString("detail")).isNotBlank();
    assertThat(r.bodyAsString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static HttpResponse<Buffer> post(String uri, String contentType, String body) {
    return await(APP.send(HttpMethod.POST, uri, Buffer.buffer(body), "Content-Type",
        contentType));
  }

  @Test
  void expected_problem_is_sent_as_it_is_and_not_cached() {
    HttpResponse<Buffer> r = APP.get("/conflict");
    assertProblem(r, 409, "conflict");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(r.bodyAsJsonObject().getString("detail")).isEqualTo("Item 1 is locked");
  }

  @Test
  void unexpected_failure_is_500_with_request_id_and_no_internals() {
    for (String uri : new String[] {"/boom", "/thrown"}) {
      HttpResponse<Buffer> r = APP.get(uri, "X-Request-Id", "req-500");
      assertProblem(r, 500, "internal");
      assertThat(r.bodyAsJsonObject().getString("detail")).contains("req-500");
      assertThat(r.bodyAsString()).doesNotContain("internals").doesNotContain("Illegal");
    }
  }

  @Test
  void a_compressed_body_is_415_naming_the_codings_taken() {
    HttpResponse<Buffer> r = await(APP.send(HttpMethod.POST, "/items", Buffer.buffer("{}"),
        "Content-Type", "application/json", "Content-Encoding", "gzip"));
    assertProblem(r, 415, "unsupported-media-type");
    // RFC 9110 section 15.5.16: how a client tells a refused coding from a refused type.
    assertThat(r.getHeader("Accept-Encoding")).isEqualTo("identity");
  }

  /**
   * Content-Encoding is a list (RFC 9110 sections 5.3, 8.4): lines "identity" and "gzip" say the
   * body is gzip, which a proxy or WAF in front inflates to inspect; reading the first line alone
   * took those bytes as plain. The problem quotes a bounded part of the coding (a batch
   * sub-request's header has no 8 KiB limit).
   */
  @Test
  void a_compressed_body_is_415_whichever_content_encoding_line_says_so() {
    HttpResponse<Buffer> r = await(APP.send(HttpMethod.POST, "/items", Buffer.buffer("{}"),
        "Content-Type", "application/json", "Content-Encoding", "identity",
        "Content-Encoding", "gzip"));
    assertProblem(r, 415, "unsupported-media-type");
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("'identity, gzip'");

    HttpResponse<Buffer> longCoding = await(APP.send(HttpMethod.POST, "/items",
        Buffer.buffer("{}"), "Content-Type", "application/json", "Content-Encoding",
        "x".repeat(5000)));
    assertProblem(longCoding, 415, "unsupported-media-type");
    assertThat(longCoding.bodyAsJsonObject().getString("detail")).hasSizeLessThan(200);
  }

  @Test
  void an_expectation_other_than_100_continue_is_417_naming_it() {
    HttpResponse<Buffer> r = await(APP.send(HttpMethod.POST, "/items", Buffer.buffer("{}"),
        "Content-Type", "application/json", "Expect", "fast-lane"));
    // It was http-417, "Request failed with 417".
    assertProblem(r, 417, "expectation-failed");
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("fast-lane")
        .contains("100-continue");
  }

  @Test
  void malformed_json_is_400() {
    HttpResponse<Buffer> r = post("/items", "application/json", "{\"name\": ");
    assertProblem(r, 400, "malformed-json");
  }

  @Test
  void json_that_is_not_an_object_is_422() {
    assertProblem(post("/items", "application/json", "[1, 2]"), 422, "validation");
  }

  @Test
  void wrong_content_type_is_415() {
    HttpResponse<Buffer> r = post("/items", "text/plain", "name=x");
    assertProblem(r, 415, "unsupported-media-type");
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("text/plain");
  }

  @Test
  void body_over_the_limit_is_413() {
    String big = "{\"name\":\"" + "x".repeat(HttpTestApp.MAX_BODY_BYTES) + "\"}";
    assertProblem(post("/items", "application/json", big), 413, "payload-too-large");
    String fits = "{\"name\":\"" + "x".repeat(HttpTestApp.MAX_BODY_BYTES - 20) + "\"}";
    assertThat(post("/items", "application/json", fits).statusCode()).isEqualTo(201);
  }

  @Test
  void invalid_fields_are_one_422_listing_each_pointer() {
    HttpResponse<Buffer> r = post("/validated", "application/json",
        "{\"count\": 11, \"name\": \"too long\", \"extra\": true}");
    assertProblem(r, 422, "validation");
    JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactlyInAnyOrder("/extra", "/count", "/name");
    assertThat(post("/validated", "application/json", "{\"count\": 3}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void bad_path_parameter_is_400_pointing_at_it() {
    HttpResponse<Buffer> r = APP.get("/items/abc");
    assertProblem(r, 400, "invalid-parameter");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("?id");
  }

  @Test
  void unacceptable_accept_is_406_listing_what_is_available() {
    HttpResponse<Buffer> r = APP.get("/items/1", "Accept", "text/csv");
    assertProblem(r, 406, "not-acceptable");
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("application/json");
  }
}
