package dev.brisk.http;

import static dev.brisk.http.ProblemsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.test.LogCapture;
import dev.brisk.test.TestBrisk;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No failure leaves a request unanswered until its deadline: the deadline here is a minute, so an
 * answer that is not the deadline's 504 came from the failure itself. Malformed headers and the
 * HTTP codec's own rejections are problem+json too.
 */
class PipelineFailuresTest {

  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(() -> (routes, ctx) -> declare(routes), Map.of("deadline", "PT60S"));
  }

  /** Lambdas of a class still initializing would block the event loop: routes come from here. */
  private static void declare(Routes routes) {
    routes
        .get("/throws", Access.open(), rc -> {
          throw new IllegalStateException("thrown by the endpoint");
        })
        .get("/null", Access.open(), rc -> null)
        .get("/fails", Access.open(), rc -> Future.failedFuture(new IllegalStateException("x")))
        .get("/bad-reply", Access.open(), rc -> Future.succeededFuture(
            Reply.ok(new JsonObject()).withHeader("X-Bad", "line\nbreak")))
        .get("/throws-later", Access.open(), rc -> {
          rc.vertx().runOnContext(v -> {
            throw new IllegalStateException("thrown in a later callback");
          });
          return io.vertx.core.Promise.<Reply>promise().future();
        })
        .raw(HttpMethod.GET, "/raw-throws", Access.open(), rc -> {
          throw new IllegalStateException("thrown by a raw handler");
        })
        .raw(HttpMethod.GET, "/raw-throws-later", Access.open(), rc ->
            rc.vertx().setTimer(1, t -> {
              throw new IllegalStateException("thrown by a timer of a raw handler");
            }))
        .raw(HttpMethod.GET, "/stream", Access.open(), rc -> rc.response().end("[]"))
        .raw(HttpMethod.GET, "/throws-after-end", Access.open(), rc ->
            rc.response().end("done").onComplete(x -> rc.vertx().runOnContext(v -> {
              throw new IllegalStateException("thrown after the answer");
            })))
        // As if an upstream service answered HTML where JSON was expected.
        .get("/upstream-json", Access.open(), rc -> Future.succeededFuture(
            Reply.ok(new JsonObject("<html>bad gateway</html>"))))
        .post("/echo", Access.open(), rc -> Future.succeededFuture(
            Reply.ok(rc.body().asJsonObject())))
        .get("/:id", Access.open(), rc -> Future.succeededFuture(Reply.ok(new JsonObject())));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void a_failure_at_any_stage_is_answered_500_at_once() {
    for (String uri : new String[] {"/throws", "/null", "/fails", "/bad-reply", "/throws-later",
        "/raw-throws", "/raw-throws-later", "/upstream-json"}) {
      HttpResponse<Buffer> r = app.get(uri);
      assertThat(r.statusCode()).as(uri + ": " + r.bodyAsString()).isEqualTo(500);
      assertProblem(r, 500, "internal");
    }
  }

  /**
   * A bug that throws after its answer went out is logged as ProblemResponder logs a 500's
   * cause: once per 10 s with a count, not a stack trace per request.
   */
  @Test
  void a_failure_after_the_answer_is_logged_once_for_many_requests() {
    try (LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> r = app.get("/throws-after-end");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("done");
      }
      TestBrisk.eventually("the failure's log line", () -> logs.text()
          .contains("Failure after the response ended on GET /throws-after-end"));
      assertThat(logs.text().split("Failure after the response ended", -1)).hasSize(2);
    }
  }

  @Test
  void a_request_body_that_is_not_json_is_the_clients_400() {
    HttpResponse<Buffer> r = TestBrisk.await(app.send(HttpMethod.POST, "/echo",
        Buffer.buffer("<html>"), "Content-Type", "application/json"));
    assertProblem(r, 400, "malformed-json");
  }

  @Test
  void malformed_accept_or_content_type_is_400_at_once() {
    assertProblem(app.get("/throws", "Accept", ";"), 400, "bad-request");
    assertProblem(app.get("/anything", "Accept", "application/json;q"), 400, "bad-request");
    HttpResponse<Buffer> r = TestBrisk.await(app.send(HttpMethod.GET, "/anything", null,
        "Content-Type", "application/json; charset"));
    assertProblem(r, 400, "bad-request");
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("Content-Type");
    // A parameter named twice: read here as UTF-8 JSON (the first charset), by a gateway or WAF
    // in front that takes the last as Latin-1.
    HttpResponse<Buffer> twice = TestBrisk.await(app.send(HttpMethod.POST, "/echo",
        Buffer.buffer("{}"), "Content-Type", "application/json; charset=utf-8; charset=latin1"));
    assertProblem(twice, 400, "bad-request");
    assertThat(twice.bodyAsJsonObject().getString("detail")).contains("Content-Type");
  }

  @Test
  void a_header_brisk_reads_once_sent_twice_is_400() {
    // A gateway or WAF in front may read the other line than Brisk (which took the first).
    for (String name : new String[] {"Content-Type", "Idempotency-Key", "Last-Event-ID"}) {
      String first = name.equals("Content-Type") ? "application/json" : "1";
      String second = name.equals("Content-Type") ? "text/plain" : "2";
      HttpResponse<Buffer> r = TestBrisk.await(app.send(HttpMethod.POST, "/echo",
          Buffer.buffer("{}"), "Content-Type", "application/json", name, first, name, second));
      assertProblem(r, 400, "bad-request");
      assertThat(r.bodyAsJsonObject().getString("detail")).as(name).contains(name);
    }
    assertThat(TestBrisk.await(app.send(HttpMethod.POST, "/echo", Buffer.buffer("{}"),
        "Content-Type", "application/json", "Idempotency-Key", "1")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void head_on_a_raw_get_route_is_405_not_another_route() {
    HttpResponse<Buffer> r = TestBrisk.await(app.send(HttpMethod.HEAD, "/stream", null));
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.getHeader("Allow")).contains("GET").doesNotContain("HEAD");
  }

  @Test
  void codec_rejections_carry_problem_bodies_and_are_counted() throws IOException {
    double before414 = unmatched(414);
    double before431 = unmatched(431);
    double before400 = unmatched(400);
    assertRaw("GET /" + "a".repeat(8192) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414,
        "uri-too-long");
    assertRaw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(16384) + "\r\n\r\n", 431,
        "header-fields-too-large");
    assertRaw("GET / HTTP/1.1\r\nHost: x\r\nX-Ctl: a\u0001b\r\n\r\n", 400, "bad-request");
    assertRaw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400, "bad-request");
    // Refused before routing, they reach no route's pipeline: a flood of them was invisible.
    assertThat(unmatched(414) - before414).isEqualTo(1);
    assertThat(unmatched(431) - before431).isEqualTo(1);
    assertThat(unmatched(400) - before400).isEqualTo(2);
  }

  @Test
  void a_request_target_that_is_not_a_path_is_400_and_options_star_lists_the_methods()
      throws IOException {
    double before = unmatched(400);
    // vertx-web answered these 404 without the headers every response carries.
    assertRaw("GET api/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, "bad-request");
    assertRaw("GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, "bad-request");
    assertThat(exchange("GET api/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        .contains("'api/x' is not a path");
    assertThat(unmatched(400) - before).isEqualTo(3);
    // RFC 9110 section 9.3.7: OPTIONS * asks about the server as a whole.
    String star = exchange("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(star).startsWith("HTTP/1.1 204 ")
        .contains("Allow: GET, HEAD, OPTIONS, POST\r\n")
        .containsPattern("X-Request-Id: [0-9a-f]{16,}");
    // The absolute form is a path once parsed.
    assertThat(exchange("GET http://x/health/live HTTP/1.1\r\nHost: x\r\nConnection: close"
        + "\r\n\r\n")).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void a_transfer_coding_other_than_chunked_is_501() throws IOException {
    // Netty read the body by its chunks and handed it on still gzipped (here it is not even
    // gzip, and /echo answered 200 with it).
    String request = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    assertRaw(request, 501, "transfer-coding-not-implemented");
    assertThat(exchange(request)).contains("'gzip'");
    // Chunked alone is HTTP/1.1's own framing.
    assertThat(exchange(request.replace("gzip, chunked", "chunked")))
        .startsWith("HTTP/1.1 200 ");
  }

  /** Requests counted for no declared route with {@code status}. */
  private static double unmatched(int status) {
    return requests("unmatched", status);
  }

  private static double requests(String route, int status) {
    Timer timer = app.running().context().registry().find("brisk.http.server.requests")
        .tag("route", route).tag("status", Integer.toString(status)).timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void a_version_other_than_http1_is_505_and_a_later_http1_minor_is_served_as_http11()
      throws IOException {
    // Vert.x answered both with a bare 501.
    for (String version : new String[] {"HTTP/3.0", "HTTP/2.0", "HTTP/0.9"}) {
      assertRaw("GET /health/live " + version + "\r\nHost: x\r\n\r\n", 505,
          "http-version-not-supported");
      assertThat(exchange("GET /health/live " + version + "\r\nHost: x\r\n\r\n"))
          .contains("names " + version);
    }
    // RFC 9112 section 2.3: a higher minor version is processed as the highest one implemented.
    String later = exchange("GET /health/live HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(later).startsWith("HTTP/1.1 200 ").contains("\"status\":\"UP\"");
  }

  @Test
  void a_client_that_closes_or_resets_mid_body_is_not_an_unexpected_failure() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    double closedBefore = requests("/echo", 499);
    double okBefore = requests("/echo", 200);
    try {
      for (int i = 0; i < 4; i++) {
        try (Socket socket = new Socket("localhost", app.port())) {
          // Every other one resets the connection instead of closing it.
          socket.setSoLinger(i % 2 == 1, 0);
          OutputStream out = socket.getOutputStream();
          out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(50);
        }
      }
      // The server sees the closes and fails the body reads within a moment.
      Thread.sleep(500);
      assertThat(app.get("/1").statusCode()).isEqualTo(200);
      // Nothing was answered: counted as client-closed, not as the 200 a response starts with.
      TestBrisk.eventually("the closes are counted",
          () -> requests("/echo", 499) - closedBefore == 4);
      assertThat(requests("/echo", 200)).isEqualTo(okBefore);
    } finally {
      System.setErr(err);
    }
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("Unexpected failure");
  }

  @Test
  void a_body_sent_slowly_is_the_clients_time_not_the_servers() throws Exception {
    double countBefore = echoTimer().map(Timer::count).orElse(0L);
    double secondsBefore = echoTimer().map(t -> t.totalTime(TimeUnit.SECONDS)).orElse(0.0);
    String body = "{\"pad\":\"xxxxxxxxxx\"}";
    String answer;
    try (Socket socket = new Socket("localhost", app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // 20 bytes, one every 75 ms: the upload takes 1.5 s of the client's making.
      for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
        out.write(b);
        out.flush();
        Thread.sleep(75);
      }
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    assertThat(answer).startsWith("HTTP/1.1 200 ");
    TestBrisk.eventually("the request is recorded",
        () -> echoTimer().map(Timer::count).orElse(0L) == countBefore + 1);
    double recorded = echoTimer().orElseThrow().totalTime(TimeUnit.SECONDS) - secondsBefore;
    // The latency SLO counts the server's time: before, this request alone recorded >= 1.5 s.
    assertThat(recorded).as("seconds recorded for a 1.5 s upload").isLessThan(0.75);
  }

  private static java.util.Optional<Timer> echoTimer() {
    return java.util.Optional.ofNullable(app.running().context().registry()
        .find("brisk.http.server.requests").tag("route", "/echo").tag("status", "200").timer());
  }

  @Test
  void a_malformed_chunked_body_is_answered_400_then_the_connection_closes() throws IOException {
    double refused = echoCount("400");
    double gone = echoCount("499");
    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      // A size that is not hex, one past what fits, a chunk without its CRLF: whatever follows
      // (a smuggled request here) must not be read as a request, so the answer is the only one.
      for (String chunks : new String[] {"zz\r\n{}\r\n0\r\n\r\n",
          "fffffffffffffffffff\r\n{}\r\n0\r\n\r\n", "80000000\r\n{}\r\n0\r\n\r\n",
          "2\r\n{}XX0\r\n\r\n"}) {
        String response = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: "
            + "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks
            + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).as(chunks).startsWith("HTTP/1.1 400 ")
            .containsIgnoringCase("\r\nConnection: close\r\n")
            .contains("\"type\":\"https://brisk.dev/problems/bad-request\"")
            .contains("chunked framing is malformed");
        assertThat(response.split("HTTP/1\\.1 ", -1)).as(chunks).hasSize(2);
      }
      assertThat(app.get("/1").statusCode()).isEqualTo(200);
    } finally {
      System.setErr(err);
    }
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("Unexpected failure");
    // Counted as answered: they were counted 499, as if their clients had left unanswered.
    TestBrisk.eventually("the four 400s counted", () -> echoCount("400") == refused + 4);
    assertThat(echoCount("499")).isEqualTo(gone);
  }

  private static double echoCount(String status) {
    Timer timer = app.running().context().registry().find("brisk.http.server.requests")
        .tag("route", "/echo").tag("status", status).timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void a_malformed_chunk_arriving_after_the_request_started_is_answered_400() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // The route is waiting for the rest of the body when the bad chunk size arrives.
      Thread.sleep(200);
      out.write("zz\r\n}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.ISO_8859_1);
      assertThat(response).startsWith("HTTP/1.1 400 ").contains("chunked framing is malformed");
    }
  }

  @Test
  void a_missing_malformed_or_repeated_host_is_400_not_500() throws IOException {
    for (String hosts : new String[] {"", "Host: x:abc\r\n", "Host: a b\r\n",
        "Host: a\r\nHost: b\r\n"}) {
      assertRaw("GET /1 HTTP/1.1\r\n" + hosts + "Connection: close\r\n\r\n", 400,
          "bad-request");
    }
    assertThat(exchange("GET /1 HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 200 ");
    assertThat(exchange("GET /1 HTTP/1.1\r\nHost: x:8080\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void characters_a_uri_only_holds_encoded_are_400_when_raw() throws IOException {
    // Each would match /:id (or /:id after its dot segments) and be repeated into logs and Link.
    for (String target : new String[] {"/x\u001b[31m", "/x\u0001", "/x\u007f",
        "/x\u00c3\u00a9", "/x>;rel=\"next\",<//evil.example/a/../../../y", "/x\"", "/x<"}) {
      String response = exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n");
      assertThat(response).as(target).startsWith("HTTP/1.1 400 ")
          .contains("\"type\":\"https://brisk.dev/problems/bad-request\"")
          .contains("percent-encoded");
    }
    assertThat(app.get("/x%3E%22%3C").statusCode()).isEqualTo(200);
  }

  @Test
  void over_http2_the_same_limits_are_problems_on_the_stream_and_the_connection_stays()
      throws IOException {
    HttpClient h2 = app.running().context().vertx().createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    try {
      String longPath = "/" + "a".repeat(5000);
      assertRaw("GET " + longPath + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri-too-long");
      H2Answer tooLong = h2Get(h2, longPath, "X-Small", "s");
      HttpConnection connection = tooLong.response().request().connection();
      assertH2Problem(tooLong, 414, "uri-too-long");
      // Past Netty's former 8 KiB header-list limit, within the 32 KiB now announced.
      assertH2Problem(h2Get(h2, "/" + "a".repeat(20_000), "X-Small", "s"), 414, "uri-too-long");
      assertH2Problem(h2Get(h2, "/x", "X-Big", "b".repeat(9000)), 431,
          "header-fields-too-large");
      H2Answer within = h2Get(h2, "/x", "X-Big", "b".repeat(3000));
      assertThat(within.response().statusCode()).isEqualTo(200);
      assertThat(within.response().request().connection()).isSameAs(connection);
    } finally {
      TestBrisk.await(h2.close());
    }
  }

  /** A response read over HTTP/2 with its body. */
  private record H2Answer(HttpClientResponse response, Buffer body) {
  }

  private static H2Answer h2Get(HttpClient h2, String uri, String header, String value) {
    return TestBrisk.await(TestBrisk.onEventLoop(app.vertx(), () -> h2
        .request(HttpMethod.GET, uri)
        .compose(req -> req.putHeader(header, value).send())
        .compose(resp -> resp.body().map(body -> new H2Answer(resp, body)))));
  }

  private static void assertH2Problem(H2Answer r, int status, String slug) {
    assertThat(r.response().version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(r.response().statusCode()).isEqualTo(status);
    assertThat(r.response().getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.body().toJsonObject().getString("type"))
        .isEqualTo("https://brisk.dev/problems/" + slug);
    // Answered before routing, yet with the headers every response carries.
    assertThat(r.response().getHeader("Server-Timing")).startsWith("db;dur=")
        .contains("desc=\"0 queries\"").contains("total;dur=");
    assertThat(r.response().getHeader("X-Request-Id")).isNotBlank();
  }

  private static void assertRaw(String request, int status, String slug) throws IOException {
    String response = exchange(request);
    // The codec could not read the version of a request it rejected, so it may answer HTTP/1.0.
    assertThat(response).as(slug).matches("(?s)HTTP/1\\.[01] " + status + " .*");
    assertThat(response).contains("application/problem+json")
        .contains("\"type\":\"https://brisk.dev/problems/" + slug + "\"")
        .contains("Server-Timing: db;dur=0.00;desc=\"0 queries\", total;dur=")
        .containsPattern("X-Request-Id: [0-9a-f]{16,}");
  }

  /** Sends raw bytes and reads until the server closes the connection. */
  private static String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) > 0; ) {
        received.write(buf, 0, n);
      }
      return received.toString(StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException e) {
      // The server may reset after answering, while the rest of a huge request is unsent.
      throw new AssertionError("connection reset before an answer was read", e);
    }
  }
}
