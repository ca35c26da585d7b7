package dev.brisk.metrics;

import dev.brisk.auth.Access;
import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.RunningBrisk;
import dev.brisk.test.TestBrisk;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prometheus meters by route template, tracing spans for requests and SQL, the access log. */
class ObservabilityTest {

  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static RunningBrisk app;
  private static WebClient client;

  @BeforeAll
  static void start() throws Exception {
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider
        .builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build());
    app = TestBrisk.start(() -> (routes, ctx) -> routes.get("/things/:id", Access.open(), rc -> ctx.db()
            .query("SELECT $1::bigint AS id", Tuple.of(Requests.pathId(rc, "id")))
            .map(rows -> Reply.ok(new JsonObject().put("id", rows.iterator().next()
                .getLong("id"))))), Map.of("tracing", "global", "access-log", "json")).running();
    client = WebClient.create(app.context().vertx(), new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  @AfterAll
  static void stop() {
    await(app.close());
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void scrapes_render_off_the_event_loop_and_concurrent_ones_share_a_rendering() {
    AtomicInteger renderings = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Gauge slow = Gauge.builder("test.scrape.probe", () -> {
      // Evaluated by each rendering, on the thread that renders: a slow meter, so scrapes
      // that arrive together overlap.
      renderings.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
      return 1;
    }).register(app.context().registry());
    try {
      List<Future<HttpResponse<Buffer>>> scrapes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        scrapes.add(client.get("/metrics").send());
      }
      await(Future.all(scrapes));
      for (Future<HttpResponse<Buffer>> scrape : scrapes) {
        assertThat(scrape.result().statusCode()).isEqualTo(200);
        assertThat(scrape.result().getHeader("Content-Type"))
            .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.result().bodyAsString()).contains("test_scrape_probe 1.0");
        assertThat(scrape.result().getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(scrape.result().getHeader("ETag")).matches("\"[A-Za-z0-9_-]{24}\"");
      }
      // At most one rendering per event loop (the client's connections may reach both).
      assertThat(renderings.get()).isBetween(1, 2);
      assertThat(threads).allSatisfy(t -> assertThat(t).doesNotContain("eventloop"));
    } finally {
      app.context().registry().remove(slow);
    }
  }

  @Test
  void back_to_back_scrapes_all_answer() {
    // A scrape that finishes before its request subscribes to it must still be answered (a
    // rendering cleared inline once failed the next request with a 500).
    for (int i = 0; i < 200; i++) {
      assertThat(await(client.get("/metrics").send()).statusCode()).as("scrape %d", i)
          .isEqualTo(200);
    }
  }

  @Test
  void metrics_use_route_templates_status_classes_and_slo_buckets() {
    for (int i = 1; i <= 3; i++) {
      assertThat(await(client.get("/things/" + i).send()).statusCode()).isEqualTo(200);
    }
    // A failure on a matched route keeps its template; only a path no route has is unmatched.
    assertThat(await(client.get("/things/abc").send()).statusCode()).isEqualTo(400);
    assertThat(await(client.get("/nowhere/1").send()).statusCode()).isEqualTo(404);
    assertThat(await(client.get("/things/%zz").send()).statusCode()).isEqualTo(400);
    assertThat(await(client.delete("/things/1").send()).statusCode()).isEqualTo(405);
    String metrics = await(client.get("/metrics").send()).bodyAsString();
    assertThat(metrics).contains("brisk_http_server_requests_seconds_bucket{method=\"GET\","
        + "route=\"/things/:id\",status=\"200\",le=\"0.005\"}");
    assertThat(metrics).contains("brisk_http_server_requests_seconds_count{method=\"GET\","
        + "route=\"/things/:id\",status=\"400\"}");
    assertThat(metrics).contains("brisk_http_server_requests_seconds_count{method=\"GET\","
        + "route=\"unmatched\",status=\"404\"}");
    assertThat(metrics).contains("brisk_http_server_requests_seconds_count{method=\"GET\","
        + "route=\"unmatched\",status=\"400\"}");
    // A method the path does not allow keeps the path's template.
    assertThat(metrics).contains("brisk_http_server_requests_seconds_count{method=\"DELETE\","
        + "route=\"/things/:id\",status=\"405\"}");
    assertThat(metrics).doesNotContain("/things/1").doesNotContain("/things/2");
    assertThat(metrics).contains("brisk_db_query_seconds_bucket{outcome=\"success\","
        + "statement=\"select\"");
    // Statements run up to the deadline (5 s; a COMMIT's outcome up to 10 s): the buckets reach
    // it, so a p99 of slow statements is not cut at the last bucket.
    for (String le : List.of("0.001", "0.1", "0.5", "1.0", "2.5", "5.0", "10.0")) {
      assertThat(metrics).contains("brisk_db_query_seconds_bucket{outcome=\"success\","
          + "statement=\"select\",le=\"" + le + "\"}");
    }
    assertThat(metrics).contains("brisk_eventloop_lag_seconds_count");
    // The lags that matter have their own buckets: the concurrency limit halves at 50 ms
    // (concurrency-max-lag), BriskEventLoopLag fires past 100 ms.
    for (String le : List.of("0.05", "0.1")) {
      assertThat(metrics).containsPattern("brisk_eventloop_lag_seconds_bucket\\{thread=\"[^\"]+\","
          + "le=\"" + le + "\"}");
    }
    assertThat(metrics).contains("netty_allocator_memory_used");
    assertThat(metrics).contains("jvm_memory_used_bytes");
    assertThat(metrics).contains("vertx_pool_in_use{pool_name=\"brisk-pg-pipelined\"");
    // Named, so a restart does not start new series (the default name is a random UUID).
    assertThat(metrics).contains("pool_name=\"brisk-redis\",pool_type=\"redis\"");
  }

  @Test
  void traces_the_request_and_its_sql_statement() {
    SPANS.reset();
    await(client.get("/things/42").send());
    // Besides the SQL span, the anonymous request's rate limit adds a Redis client span. A span
    // of a previous test's request may still finish after the reset (a server span ends a moment
    // after its client saw the response), so the pair is looked for, not the first of each.
    eventually("a SQL span whose parent is the request's server span", () ->
        childOfThingsServer(SPANS.getFinishedSpanItems()) != null);
    SpanData sql = childOfThingsServer(SPANS.getFinishedSpanItems());
    assertThat(SPANS.getFinishedSpanItems()).filteredOn(s -> s.getSpanId()
        .equals(sql.getParentSpanId())).singleElement().satisfies(server ->
        assertThat(server.getTraceId()).isEqualTo(sql.getTraceId()));
  }


  /** A SQL span whose parent is a {@code /things} request's server span, or null. */
  private static SpanData childOfThingsServer(List<SpanData> spans) {
    for (SpanData server : spans) {
      if (isThingsServer(server)) {
        for (SpanData sql : spans) {
          if (isSql(sql) && sql.getParentSpanId().equals(server.getSpanId())) {
            return sql;
          }
        }
      }
    }
    return null;
  }

  private static boolean isThingsServer(SpanData span) {
    return span.getKind() == SpanKind.SERVER && span.getAttributes().asMap().values().stream()
        .anyMatch(v -> String.valueOf(v).contains("/things"));
  }

  private static boolean isSql(SpanData span) {
    return span.getKind() == SpanKind.CLIENT
        && "postgresql".equals(span.getAttributes().get(AttributeKey.stringKey("db.system")));
  }

  @Test
  void access_log_writes_one_json_line_per_request() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      await(client.get("/things/7").putHeader("X-Request-Id", "log-me-7").send());
      await(client.head("/no-such-thing").putHeader("X-Request-Id", "log-me-head").send());
      // The line is written when the exchange ends, which may be just after the client has it.
      eventually("the access log lines", () -> captured.toString(StandardCharsets.UTF_8)
          .contains("log-me-7") && captured.toString(StandardCharsets.UTF_8)
          .contains("log-me-head"));
    } finally {
      System.setErr(original);
    }
    String line = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("log-me-7")).findFirst().orElseThrow();
    JsonObject json = new JsonObject(line.substring(line.indexOf('{')));
    assertThat(json.getString("route")).isEqualTo("/things/:id");
    assertThat(json.getInteger("status")).isEqualTo(200);
    assertThat(json.getInteger("db_queries")).isEqualTo(1);
    assertThat(json.getString("path")).isEqualTo("/things/7");
    assertThat(json.getLong("bytes")).isPositive();
    // A HEAD answer (here a 404 problem) sends no body, whatever its Content-Length says.
    String head = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("log-me-head")).findFirst().orElseThrow();
    assertThat(new JsonObject(head.substring(head.indexOf('{'))).getLong("bytes")).isZero();
  }

  @Test
  void a_request_refused_before_routing_gets_its_access_line_too() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String requestId;
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      // HTTP/1.1 without Host: answered 400 before the router sees it.
      socket.getOutputStream().write("GET /things/8 HTTP/1.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 400 ");
      requestId = answer.lines().filter(l -> l.startsWith("X-Request-Id: ")).findFirst()
          .orElseThrow().substring("X-Request-Id: ".length());
      eventually("the access log line", () -> captured.toString(StandardCharsets.UTF_8)
          .contains(requestId));
    } finally {
      System.setErr(original);
    }
    String line = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains(requestId)).findFirst().orElseThrow();
    JsonObject json = new JsonObject(line.substring(line.indexOf('{')));
    assertThat(json.getString("route")).isEqualTo("unmatched");
    assertThat(json.getInteger("status")).isEqualTo(400);
    assertThat(json.getString("path")).isEqualTo("/things/8");
  }
}
