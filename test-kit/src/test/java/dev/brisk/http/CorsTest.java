package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS with real preflights and actual requests: an allowed origin may call and read the
 * exposed headers, a refused one gets no CORS header (and 403 on preflight), and without
 * configuration no CORS header is ever sent.
 */
class CorsTest {

  private static final String ALLOWED = "https://shop.example";
  private static final String REFUSED = "https://evil.example";
  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(HttpTestApp::new, Map.of("cors-origins",
        ALLOWED + ", http://localhost:3000", "cors-max-age", "PT15M"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpResponse<Buffer> preflight(TestBrisk on, String path, String origin,
      String method) {
    return await(on.send(HttpMethod.OPTIONS, path, null, "Origin", origin,
        "Access-Control-Request-Method", method,
        "Access-Control-Request-Headers", "content-type, x-api-key"));
  }

  @Test
  void preflight_from_allowed_origin_lists_the_routes_methods_once_with_max_age() {
    HttpResponse<Buffer> r = preflight(app, "/items/3", ALLOWED, "PATCH");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(r.getHeader("Access-Control-Allow-Methods").split(", "))
        .contains("GET", "HEAD", "PATCH", "DELETE", "OPTIONS").doesNotContain("POST");
    assertThat(r.getHeader("Access-Control-Allow-Headers")).contains("Content-Type", "X-API-Key",
        "Authorization", "Idempotency-Key", "If-Match", "Content-Encoding");
    assertThat(r.getHeader("Access-Control-Max-Age")).isEqualTo("900");
    assertThat(r.getHeader("Access-Control-Allow-Credentials")).isNull();
    assertThat(r.getHeader("Vary")).contains("Origin", "Access-Control-Request-Method");
  }

  @Test
  void preflight_to_a_path_the_router_normalizes_lists_the_methods_of_the_path_it_serves() {
    // A browser resolves dot segments itself; a client library may send //, ./ or a trailing /.
    for (String path : List.of("/items//3", "/items/3/", "/items/./3")) {
      HttpResponse<Buffer> r = preflight(app, path, ALLOWED, "PATCH");
      assertThat(r.statusCode()).as(path).isEqualTo(204);
      assertThat(r.getHeader("Access-Control-Allow-Methods")).as(path)
          .isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH");
    }
  }

  @Test
  void preflight_to_a_literal_path_lists_its_own_methods_not_its_id_siblings() {
    HttpResponse<Buffer> r = preflight(app, "/items/import", ALLOWED, "POST");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.getHeader("Access-Control-Allow-Methods")).isEqualTo("OPTIONS, POST");
  }

  @Test
  void preflight_from_refused_origin_is_403_problem_without_cors_headers() {
    HttpResponse<Buffer> r = preflight(app, "/items/3", REFUSED, "PATCH");
    ProblemsTest.assertProblem(r, 403, "cors-origin-refused");
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(r.getHeader("Access-Control-Allow-Methods")).isNull();
  }

  @Test
  void actual_request_from_allowed_origin_exposes_headers_a_front_end_reads() {
    HttpResponse<Buffer> r = app.get("/items/3", "Origin", ALLOWED);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(r.getHeader("Access-Control-Expose-Headers").split(", ")).contains("RateLimit",
        "RateLimit-Policy", "ETag", "Link", "Server-Timing", "Location", "Idempotent-Replayed",
        "Accept-Encoding");
    assertThat(r.getHeader("Timing-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(r.getHeader("Vary")).contains("Origin");
    assertThat(r.getHeader("ETag")).isNotNull();
  }

  @Test
  void errors_carry_cors_headers_so_the_front_end_can_read_the_problem() {
    HttpResponse<Buffer> r = app.get("/conflict", "Origin", "HTTP://LOCALHOST:3000");
    ProblemsTest.assertProblem(r, 409, "conflict");
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo("HTTP://LOCALHOST:3000");
  }

  @Test
  void a_415_lets_the_front_end_read_what_to_send_instead() {
    // The 415 of a write names the accepted types in Accept-Post / Accept-Patch; not exposed,
    // a browser script read null there.
    HttpResponse<Buffer> r = await(app.send(HttpMethod.POST, "/items", Buffer.buffer("x"),
        "Origin", ALLOWED, "Content-Type", "text/plain"));
    ProblemsTest.assertProblem(r, 415, "unsupported-media-type");
    assertThat(r.getHeader("Accept-Post")).isEqualTo("application/json");
    assertThat(r.getHeader("Access-Control-Expose-Headers").split(", "))
        .contains("Accept-Post", "Accept-Patch");
  }

  @Test
  void refusals_before_routing_carry_cors_headers_too() {
    // A search for "50%" sent unencoded, a second Content-Type: the request gate answers these
    // before routing, and browsers hid its problems as CORS failures.
    for (String uri : List.of("/items/3?q=50%", "/items/3?q=a;b")) {
      HttpResponse<Buffer> r = app.get(uri, "Origin", ALLOWED);
      ProblemsTest.assertProblem(r, 400, "bad-request");
      assertThat(r.getHeader("Access-Control-Allow-Origin")).as(uri).isEqualTo(ALLOWED);
      assertThat(r.getHeader("Vary")).as(uri).contains("Origin");
    }
    HttpResponse<Buffer> twice = await(app.send(HttpMethod.POST, "/items", Buffer.buffer("{}"),
        "Origin", ALLOWED, "Content-Type", "application/json", "Content-Type", "text/plain"));
    ProblemsTest.assertProblem(twice, 400, "bad-request");
    assertThat(twice.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
  }

  @Test
  void actual_request_from_refused_origin_gets_no_cors_headers() {
    HttpResponse<Buffer> r = app.get("/items/3", "Origin", REFUSED);
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(r.getHeader("Access-Control-Expose-Headers")).isNull();
    assertThat(r.getHeader("Vary")).contains("Origin");
    assertThat(app.get("/items/3").getHeader("Vary")).as("without Origin too").contains("Origin");
  }

  @Test
  void preflight_to_an_unknown_path_is_404() {
    ProblemsTest.assertProblem(preflight(app, "/nowhere", ALLOWED, "GET"), 404, "not-found");
  }

  @Test
  void without_configuration_no_cors_header_is_sent() {
    TestBrisk plain = HttpTestApp.app();
    HttpResponse<Buffer> r = preflight(plain, "/items/3", ALLOWED, "PATCH");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(r.getHeader("Access-Control-Allow-Methods")).isNull();
    assertThat(plain.get("/items/3", "Origin", ALLOWED).getHeader("Access-Control-Allow-Origin"))
        .isNull();
  }

  @Test
  void a_default_port_in_a_listed_origin_is_dropped() {
    // Browsers send no default port: one configured would never match.
    CorsOptions ports = CorsOptions.allow(List.of("https://shop.example:443",
        "http://shop.example:80", "https://shop.example:8443", "http://[::1]:80"));
    assertThat(ports.origins()).containsExactly("https://shop.example", "http://shop.example",
        "https://shop.example:8443", "http://[::1]");
    assertThat(ports.allows("https://shop.example")).isTrue();
  }

  @Test
  void any_origin_never_combines_with_credentials() {
    assertThatThrownBy(() -> new CorsOptions(List.of("*"), true, Duration.ofMinutes(1)))
        .hasMessageContaining("'*' cannot be combined with credentials");
    assertThatThrownBy(() -> CorsOptions.allow(List.of("https://shop.example/app")))
        .hasMessageContaining("https://shop.example/app");
    CorsOptions any = CorsOptions.allow(List.of("*"));
    assertThat(any.allows("https://anything.example")).isTrue();
    assertThat(CorsOptions.disabled().isEnabled()).isFalse();
  }
}
