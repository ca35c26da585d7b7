package dev.brisk.docs.newcomer.rates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rates API against the real PostgreSQL and Redis of the dev services and a fake upstream
 * whose latency and failures each test sets. Tests that break the upstream start an app of their
 * own, so its breaker and last good rates are theirs.
 */
class RatesApiTest {

  private static final String NDJSON = "application/x-ndjson";
  private static final List<String> SCHEMAS = new ArrayList<>();
  private static Vertx vertx;
  private static FakeUpstream upstream;
  private static TestBrisk app;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = FakeUpstream.start(vertx);
    app = startApp(upstream, Map.of());
  }

  @AfterAll
  static void stop() {
    for (String schema : SCHEMAS) {
      TestBrisk.await(app.running().context().db().query("DROP SCHEMA " + schema + " CASCADE"));
    }
    app.close();
    TestBrisk.await(vertx.close());
  }

  /** An app on a schema of its own (its table, key ids and last good rates) for this upstream. */
  private static TestBrisk startApp(FakeUpstream target, Map<String, String> more) {
    String schema = "rates_" + UUID.randomUUID().toString().replace("-", "");
    SCHEMAS.add(schema);
    // Two verticles: the breaker, budget and pager must be the app's, not each event loop's.
    Map<String, String> settings = new HashMap<>(Map.of("rates-schema", schema,
        "rates-upstream-url", target.url(), "rates-upstream-timeout", "PT0.5S",
        "instances", "2"));
    settings.putAll(more);
    return TestBrisk.start(RatesApp::new, settings);
  }

  // --- live rates ---------------------------------------------------------------------------

  @Test
  void serves_a_fresh_rate_that_caches_may_keep_briefly() {
    HttpResponse<Buffer> fresh = app.get("/api/rates/EUR/USD");
    assertThat(fresh.statusCode()).isEqualTo(200);
    JsonObject body = fresh.bodyAsJsonObject();
    assertThat(body.getString("base")).isEqualTo("EUR");
    assertThat(body.getString("quote")).isEqualTo("USD");
    assertThat(body.getDouble("rate")).isEqualTo(1.0834);
    assertThat(body.getBoolean("stale")).isFalse();
    assertThat(fresh.getHeader("Cache-Control")).isEqualTo("public, max-age=10, stale-if-error=60");
    assertThat(fresh.getHeader("ETag")).isNotBlank();
    HttpResponse<Buffer> again = app.get("/api/rates/EUR/USD",
        "If-None-Match", fresh.getHeader("ETag"));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.getHeader("Cache-Control")).isEqualTo(fresh.getHeader("Cache-Control"));
  }

  @Test
  void refuses_bad_currency_codes_with_a_problem_naming_the_parameter() {
    for (String path : List.of("/api/rates/eur/USD", "/api/rates/EURO/USD", "/api/rates/XXX/USD",
        "/api/rates/EUR/%C3%BCSD", "/api/rates/EUR/US")) {
      HttpResponse<Buffer> bad = app.get(path);
      assertThat(bad.statusCode()).as(path).isEqualTo(400);
      assertThat(bad.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(bad.bodyAsJsonObject().getString("detail")).as(path)
          .contains("must be one of AUD, CAD");
    }
    HttpResponse<Buffer> same = app.get("/api/rates/EUR/EUR");
    assertThat(same.statusCode()).isEqualTo(400);
    assertThat(same.bodyAsJsonObject().getString("detail"))
        .isEqualTo("quote must differ from base, both were EUR");
    HttpResponse<Buffer> option = app.get("/api/rates/EUR/USD?amount=5");
    assertThat(option.statusCode()).isEqualTo(400);
    assertThat(option.bodyAsJsonObject().getString("detail")).contains("'amount'");
    assertThat(app.get("/api/rates/EUR/USD/JPY").statusCode()).isEqualTo(404);
  }

  @Test
  void a_down_upstream_serves_the_last_good_rate_as_stale_then_503_with_retry_after() {
    try (FakeUpstream own = FakeUpstream.start(vertx);
        TestBrisk rates = startApp(own, Map.of())) {
      JsonObject fresh = rates.get("/api/rates/EUR/GBP").bodyAsJsonObject();
      assertThat(fresh.getBoolean("stale")).isFalse();
      own.status = 503;
      HttpResponse<Buffer> stale = rates.get("/api/rates/EUR/GBP");
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.bodyAsJsonObject().getBoolean("stale")).isTrue();
      assertThat(stale.bodyAsJsonObject().getString("as_of")).isEqualTo(fresh.getString("as_of"));
      assertThat(stale.bodyAsJsonObject().getDouble("rate")).isEqualTo(fresh.getDouble("rate"));
      // A fallback must not be kept by caches as if it were the current rate.
      assertThat(stale.getHeader("Cache-Control")).isEqualTo("no-cache");
      HttpResponse<Buffer> none = rates.get("/api/rates/USD/JPY");
      assertThat(none.statusCode()).isEqualTo(503);
      assertThat(none.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(none.getHeader("Retry-After")).matches("[1-9][0-9]*");
      assertThat(none.bodyAsJsonObject().getString("detail")).startsWith("rates is failing");
    }
  }

  @Test
  void an_upstream_answer_that_is_no_rate_is_never_stored_as_last_good() {
    try (FakeUpstream own = FakeUpstream.start(vertx);
        TestBrisk rates = startApp(own, Map.of())) {
      own.body = "<html>gateway says hi</html>";
      HttpResponse<Buffer> garbage = rates.get("/api/rates/EUR/CHF");
      assertThat(garbage.statusCode()).isEqualTo(503);
      own.body = "{\"rate\": -1, \"as_of\": \"2026-12-05T10:00:00Z\"}";
      assertThat(rates.get("/api/rates/EUR/CHF").statusCode()).isEqualTo(503);
      own.body = null;
      assertThat(rates.get("/api/rates/EUR/CHF").bodyAsJsonObject().getBoolean("stale"))
          .isFalse();
    }
  }

  @Test
  void a_slow_upstream_is_cut_by_the_deadline_and_answered_from_the_last_good_rate() {
    try (FakeUpstream own = FakeUpstream.start(vertx);
        TestBrisk rates = startApp(own, Map.of("rates-upstream-timeout", "PT0.3S"))) {
      TestBrisk.eventually("a fresh rate within the short timeout",
          () -> rates.get("/api/rates/GBP/USD").statusCode() == 200);
      own.latencyMs = 5_000;
      HttpResponse<Buffer> stale = rates.get("/api/rates/GBP/USD");
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.bodyAsJsonObject().getBoolean("stale")).isTrue();
      HttpResponse<Buffer> none = rates.get("/api/rates/GBP/JPY");
      assertThat(none.statusCode()).isEqualTo(503);
      assertThat(none.bodyAsJsonObject().getString("detail"))
          .isEqualTo("rates did not answer in time");
      assertThat(metric(rates, "brisk_outbound_calls_total", "outcome=\"timeout\""))
          .isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void the_breaker_opens_on_failures_stops_calling_and_closes_once_a_probe_succeeds() {
    try (FakeUpstream own = FakeUpstream.start(vertx);
        TestBrisk rates = startApp(own, Map.of("rates-open-duration", "PT1S"))) {
      own.status = 500;
      for (int i = 0; i < 4; i++) {
        assertThat(rates.get("/api/rates/CAD/USD").statusCode()).isEqualTo(503);
      }
      assertThat(metric(rates, "brisk_outbound_breaker_state", "state=\"open\"")).isEqualTo(1);
      int calls = own.requests.get();
      HttpResponse<Buffer> paused = rates.get("/api/rates/CAD/USD");
      assertThat(paused.statusCode()).isEqualTo(503);
      assertThat(paused.bodyAsJsonObject().getString("detail"))
          .isEqualTo("rates is failing; calls are paused");
      assertThat(paused.getHeader("Retry-After")).isEqualTo("1");
      assertThat(own.requests.get()).isEqualTo(calls);
      own.status = 200;
      TestBrisk.eventually("a probe closes the breaker", () ->
          rates.get("/api/rates/CAD/USD").statusCode() == 200);
      assertThat(metric(rates, "brisk_outbound_breaker_state", "state=\"closed\"")).isEqualTo(1);
      assertThat(rates.get("/api/rates/CAD/USD").bodyAsJsonObject().getBoolean("stale"))
          .isFalse();
    }
  }

  // --- import -------------------------------------------------------------------------------

  @Test
  void imports_every_valid_line_and_upserts_by_day() {
    String body = lines(
        "{\"base\":\"EUR\",\"quote\":\"SEK\",\"day\":\"2024-01-02\",\"rate\":11.2}",
        "{\"base\":\"EUR\",\"quote\":\"SEK\",\"day\":\"2024-01-03\",\"rate\":11.25}");
    HttpResponse<Buffer> first = importBody(body, "X-API-Key", RatesApp.PRO_KEY);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject()).isEqualTo(new JsonObject().put("imported", 2));
    HttpResponse<Buffer> again = importBody(
        "{\"base\":\"EUR\",\"quote\":\"SEK\",\"day\":\"2024-01-03\",\"rate\":11.5}\n",
        "X-API-Key", RatesApp.PRO_KEY);
    assertThat(again.bodyAsJsonObject().getInteger("imported")).isEqualTo(1);
    JsonArray data = history("/api/rates/history?base=EUR&quote=SEK&fields=day,rate")
        .getJsonArray("data");
    assertThat(data.encode())
        .isEqualTo("[{\"day\":\"2024-01-03\",\"rate\":11.5},{\"day\":\"2024-01-02\",\"rate\":11.2}]");
  }

  @Test
  void reports_each_hostile_line_by_number_and_writes_the_valid_ones() {
    Buffer body = Buffer.buffer();
    List<String> lines = List.of(
        "{\"base\":\"NOK\",\"quote\":\"DKK\",\"day\":\"2024-03-01\",\"rate\":0.65}",   // 1 ok
        "not json",                                                                  // 2
        "[1,2,3]",                                                                   // 3
        "{\"base\":\"EUR\",\"quote\":\"XXX\",\"day\":\"2024-03-01\",\"rate\":1}",     // 4
        "{\"base\":\"NOK\",\"quote\":\"DKK\",\"day\":\"2024-02-30\",\"rate\":1}",     // 5
        "{\"base\":\"NOK\",\"quote\":\"DKK\",\"day\":\"2024-03-02\",\"rate\":-1}",    // 6
        "{\"base\":\"NOK\",\"quote\":\"DKK\",\"day\":\"2024-03-02\",\"rate\":1.123456789}", // 7
        "{\"base\":\"NOK\",\"quote\":\"NOK\",\"day\":\"2024-03-02\",\"rate\":1}",     // 8
        "{\"base\":\"NOK\",\"quote\":\"DKK\",\"day\":\"2024-03-02\",\"rate\":1,\"x\":1}", // 9
        "{\"base\":\"NOK\",\"quote\":\"DKK\",\"day\":\"2024-03-01\",\"rate\":0.66}",  // 10 repeat
        "{\"base\":\"NOK\",\"quote\":\"DKK\",\"day\":\"2024-03-03\",\"rate\":1e400}", // 11
        "",                                                                          // 12 blank
        "\uFEFF{\"base\":\"NOK\",\"quote\":\"DKK\",\"day\":\"2024-03-04\",\"rate\":0.7}\r", // 13 ok
        "{\"base\":\"NOK\u0000\",\"quote\":\"DKK\",\"day\":\"2024-03-05\",\"rate\":1}",  // 14
        "{\"base\":\"NOK\",\"quote\":\"DKK\",\"day\":\"2024-03-05\",\"rate\":\"1\"}"); // 15
    for (String line : lines) {
      body.appendString(line).appendString("\n");
    }
    body.appendBytes(new byte[] {'{', (byte) 0xC3, '}', '\n'});                         // 16
    HttpResponse<Buffer> answer = importBytes(body, "X-API-Key", RatesApp.INTERNAL_KEY);
    assertThat(answer.statusCode()).isEqualTo(422);
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = answer.bodyAsJsonObject();
    assertThat(problem.getInteger("imported")).isEqualTo(2);
    assertThat(problem.getInteger("rejected")).isEqualTo(13);
    Map<String, String> errors = problem.getJsonArray("errors").stream()
        .map(JsonObject.class::cast)
        .collect(Collectors.toMap(e -> e.getString("pointer"), e -> e.getString("detail")));
    assertThat(errors.keySet()).containsExactlyInAnyOrderElementsOf(
        IntStream.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16)
            .mapToObj(n -> "/lines/" + n).toList());
    assertThat(errors.get("/lines/2")).startsWith("line is not valid JSON");
    assertThat(errors.get("/lines/3")).isEqualTo("line must be a JSON object");
    assertThat(errors.get("/lines/4")).startsWith("/quote: ");
    assertThat(errors.get("/lines/5")).startsWith("/day: ");
    assertThat(errors.get("/lines/8")).isEqualTo("/base: quote must differ from base; "
        + "/quote: quote must differ from base");
    assertThat(errors.get("/lines/9")).startsWith("/x: ");
    assertThat(errors.get("/lines/10")).contains("given on line 1");
    assertThat(errors.get("/lines/16")).isEqualTo("line is not UTF-8");
    JsonArray stored = history("/api/rates/history?base=NOK&quote=DKK&fields=day,rate&sort=day")
        .getJsonArray("data");
    assertThat(stored.encode()).isEqualTo(
        "[{\"day\":\"2024-03-01\",\"rate\":0.65},{\"day\":\"2024-03-04\",\"rate\":0.7}]");
  }

  @Test
  void import_needs_a_pro_key_ndjson_and_at_least_one_line() {
    String line = "{\"base\":\"EUR\",\"quote\":\"PLN\",\"day\":\"2024-01-02\",\"rate\":4.3}\n";
    assertThat(importBody(line).statusCode()).isEqualTo(401);
    assertThat(importBody(line, "X-API-Key", RatesApp.FREE_KEY).statusCode()).isEqualTo(403);
    assertThat(importBody(line, "X-API-Key", "no-such-key").statusCode()).isEqualTo(401);
    HttpResponse<Buffer> json = TestBrisk.await(app.send(HttpMethod.POST, "/api/rates/import",
        Buffer.buffer(line), "Content-Type", "application/json", "X-API-Key", RatesApp.PRO_KEY));
    assertThat(json.statusCode()).isEqualTo(415);
    HttpResponse<Buffer> latin1 = TestBrisk.await(app.send(HttpMethod.POST, "/api/rates/import",
        Buffer.buffer(line), "Content-Type", NDJSON + "; charset=ISO-8859-1",
        "X-API-Key", RatesApp.PRO_KEY));
    assertThat(latin1.statusCode()).isEqualTo(415);
    HttpResponse<Buffer> tooMany = importBody(line.repeat(RateImport.MAX_LINES + 1),
        "X-API-Key", RatesApp.PRO_KEY);
    assertThat(tooMany.statusCode()).isEqualTo(413);
    assertThat(tooMany.bodyAsJsonObject().getString("detail")).contains("at most 10000 lines");
    HttpResponse<Buffer> tooLarge = importBody(line.repeat(20_000),
        "X-API-Key", RatesApp.PRO_KEY);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    HttpResponse<Buffer> empty = importBody("\n \n", "X-API-Key", RatesApp.PRO_KEY);
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(empty.bodyAsJsonObject().getString("detail")).contains("holds no line");
  }

  // --- history and stream -------------------------------------------------------------------

  @Test
  void history_pages_by_keyset_with_fields_and_a_date_range() {
    StringBuilder body = new StringBuilder();
    for (int day = 1; day <= 9; day++) {
      body.append("{\"base\":\"AUD\",\"quote\":\"NZD\",\"day\":\"2024-05-0").append(day)
          .append("\",\"rate\":1.0").append(day).append("}\n");
    }
    assertThat(importBody(body.toString(), "X-API-Key", RatesApp.PRO_KEY).statusCode())
        .isEqualTo(200);
    String query = "/api/rates/history?base=AUD&quote=NZD&from=2024-05-02&to=2024-05-08"
        + "&limit=3&fields=day";
    List<String> days = new ArrayList<>();
    JsonObject page = history(query);
    while (true) {
      page.getJsonArray("data").forEach(row -> days.add(((JsonObject) row).getString("day")));
      String next = page.getJsonObject("page").getString("next_cursor");
      if (next == null) {
        break;
      }
      page = history(query + "&cursor=" + next);
    }
    assertThat(days).containsExactly("2024-05-08", "2024-05-07", "2024-05-06", "2024-05-05",
        "2024-05-04", "2024-05-03", "2024-05-02");
    String cursor = history(query).getJsonObject("page").getString("next_cursor");
    assertThat(historyStatus(query.replace("from=2024-05-02", "from=2024-05-03")
        + "&cursor=" + cursor)).isEqualTo(400);
  }

  @Test
  void history_refuses_bad_filters_with_problems() {
    for (String query : List.of("base=eur", "base=EURO", "from=2024-13-01", "to=yesterday",
        "from=2024-05-09&to=2024-05-01", "limit=500", "fields=colour", "sort=rate",
        "amount=3", "cursor=forged")) {
      HttpResponse<Buffer> bad = app.get("/api/rates/history?" + query,
          "X-API-Key", RatesApp.PRO_KEY);
      assertThat(bad.statusCode()).as(query).isEqualTo(400);
      assertThat(bad.getHeader("Content-Type")).as(query).isEqualTo("application/problem+json");
    }
    assertThat(app.get("/api/rates/history").statusCode()).isEqualTo(401);
  }

  @Test
  void the_stream_sends_stored_rates_as_server_sent_events_and_resumes() {
    assertThat(importBody(lines(
        "{\"base\":\"CNY\",\"quote\":\"JPY\",\"day\":\"2024-06-01\",\"rate\":20.1}",
        "{\"base\":\"CNY\",\"quote\":\"JPY\",\"day\":\"2024-06-02\",\"rate\":20.2}"),
        "X-API-Key", RatesApp.PRO_KEY).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> sse = app.get("/api/rates/stream?base=CNY&quote=JPY&fields=day,rate",
        "Accept", "text/event-stream", "X-API-Key", RatesApp.PRO_KEY);
    assertThat(sse.statusCode()).isEqualTo(200);
    assertThat(sse.getHeader("Content-Type")).startsWith("text/event-stream");
    String text = sse.bodyAsString();
    assertThat(text).contains("event: rate\ndata: {\"day\":\"2024-06-01\",\"rate\":20.1}")
        .contains("data: {\"day\":\"2024-06-02\",\"rate\":20.2}")
        .contains("event: end\ndata: {\"count\":2}");
    String firstId = text.lines().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow()
        .substring(4);
    String resumed = app.get("/api/rates/stream?base=CNY&quote=JPY&fields=day",
        "Accept", "text/event-stream", "X-API-Key", RatesApp.PRO_KEY,
        "Last-Event-ID", firstId).bodyAsString();
    assertThat(resumed).doesNotContain("2024-06-01").contains("2024-06-02");
    HttpResponse<Buffer> ndjson = app.get("/api/rates/stream?base=CNY&quote=JPY&fields=rate",
        "X-API-Key", RatesApp.PRO_KEY);
    assertThat(ndjson.bodyAsString()).isEqualTo("{\"rate\":20.1}\n{\"rate\":20.2}\n");
    assertThat(app.get("/api/rates/stream", "Accept", "text/event-stream").statusCode())
        .isEqualTo(401);
    assertThat(app.get("/api/rates/stream?to=2024-01-01&from=2024-02-01",
        "X-API-Key", RatesApp.PRO_KEY).statusCode()).isEqualTo(400);
  }

  // --- batch and limits ---------------------------------------------------------------------

  @Test
  void a_batch_reaches_rates_history_and_import_but_not_the_stream() {
    String line = "{\"base\":\"CHF\",\"quote\":\"CZK\",\"day\":\"2024-07-01\",\"rate\":26.1}";
    JsonObject batch = new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("id", "live").put("method", "GET")
            .put("path", "/api/rates/USD/CHF"))
        .add(new JsonObject().put("id", "import").put("method", "POST")
            .put("path", "/api/rates/import").put("body", line)
            .put("headers", new JsonObject().put("Content-Type", NDJSON)))
        .add(new JsonObject().put("id", "history").put("method", "GET")
            .put("path", "/api/rates/history?base=CHF&quote=CZK&fields=rate")
            .put("depends_on", new JsonArray().add("import")))
        .add(new JsonObject().put("id", "bad").put("method", "GET")
            .put("path", "/api/rates/usd/CHF"))
        .add(new JsonObject().put("id", "stream").put("method", "GET")
            .put("path", "/api/rates/stream")));
    HttpResponse<Buffer> answer = app.request(HttpMethod.POST, "/api/batch", batch,
        "X-API-Key", RatesApp.PRO_KEY);
    assertThat(answer.statusCode()).isEqualTo(200);
    Map<String, JsonObject> byId = answer.bodyAsJsonObject().getJsonArray("responses").stream()
        .map(JsonObject.class::cast)
        .collect(Collectors.toMap(r -> r.getString("id"), r -> r));
    assertThat(byId.get("live").getInteger("status")).isEqualTo(200);
    assertThat(byId.get("live").getJsonObject("body").getBoolean("stale")).isFalse();
    assertThat(byId.get("import").getInteger("status")).isEqualTo(200);
    assertThat(byId.get("import").getJsonObject("body").getInteger("imported")).isEqualTo(1);
    assertThat(byId.get("history").getJsonObject("body").getJsonArray("data").encode())
        .isEqualTo("[{\"rate\":26.1}]");
    assertThat(byId.get("bad").getInteger("status")).isEqualTo(400);
    assertThat(byId.get("stream").getInteger("status")).isEqualTo(400);
  }

  @Test
  void a_free_key_is_rate_limited_by_its_tier() {
    // Burst 20, then 10 a second: one after another, a 429 comes within the first 100 requests
    // (sooner after another test's refused import with this key: a 403 is charged its cost, 10).
    HttpResponse<Buffer> limited = null;
    for (int i = 0; i < 100 && limited == null; i++) {
      HttpResponse<Buffer> answer = app.get("/api/rates/history?limit=1",
          "X-API-Key", RatesApp.FREE_KEY);
      assertThat(answer.statusCode()).isIn(200, 429);
      assertThat(answer.getHeader("RateLimit-Policy")).isEqualTo("\"free\";q=20;w=2");
      limited = answer.statusCode() == 429 ? answer : null;
    }
    assertThat(limited).isNotNull();
    assertThat(limited.getHeader("Retry-After")).matches("[1-9][0-9]*");
    assertThat(limited.bodyAsJsonObject().getString("type"))
        .isEqualTo("https://brisk.dev/problems/rate-limited");
  }

  // --- helpers ------------------------------------------------------------------------------

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static HttpResponse<Buffer> importBody(String body, String... headers) {
    return importBytes(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)), headers);
  }

  private static HttpResponse<Buffer> importBytes(Buffer body, String... headers) {
    List<String> all = new ArrayList<>(List.of("Content-Type", NDJSON));
    all.addAll(List.of(headers));
    return TestBrisk.await(app.send(HttpMethod.POST, "/api/rates/import", body,
        all.toArray(String[]::new)));
  }

  private static JsonObject history(String uri) {
    HttpResponse<Buffer> page = app.get(uri, "X-API-Key", RatesApp.PRO_KEY);
    assertThat(page.statusCode()).as(uri + ": " + page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject();
  }

  private static int historyStatus(String uri) {
    return app.get(uri, "X-API-Key", RatesApp.PRO_KEY).statusCode();
  }

  /** The sum of a Prometheus series' samples whose labels contain {@code label}. */
  private static double metric(TestBrisk rates, String name, String label) {
    return rates.get("/metrics").bodyAsString().lines()
        .filter(l -> l.startsWith(name + "{") && l.contains(label) && l.contains("target=\"rates\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * The outside rate service: {@code GET /rate?base=&quote=} answers a rate, after
   * {@code latencyMs}, with {@code status} (a failure when not 200) or {@code body} instead.
   */
  static final class FakeUpstream implements AutoCloseable {
    final AtomicInteger requests = new AtomicInteger();
    volatile int latencyMs;
    volatile int status = 200;
    volatile String body;
    private final Vertx vertx;
    private HttpServer server;

    private FakeUpstream(Vertx vertx) {
      this.vertx = vertx;
    }

    static FakeUpstream start(Vertx vertx) {
      FakeUpstream upstream = new FakeUpstream(vertx);
      upstream.server = TestBrisk.await(vertx.createHttpServer().requestHandler(upstream::handle)
          .listen(0, "127.0.0.1"));
      return upstream;
    }

    String url() {
      return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest req) {
      if (!req.path().equals("/rate")) {
        req.response().setStatusCode(404).end();
        return;
      }
      requests.incrementAndGet();
      Runnable answer = () -> {
        if (status != 200) {
          req.response().setStatusCode(status).end("{\"error\":\"injected\"}");
        } else if (body != null) {
          req.response().putHeader("Content-Type", "text/html").end(body);
        } else {
          String pair = req.getParam("base") + req.getParam("quote");
          double rate = pair.equals("EURUSD") ? 1.0834 : 1 + Math.abs(pair.hashCode() % 1000) / 1000.0;
          req.response().putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("rate", rate).put("as_of", "2026-12-05T10:00:00Z")
                  .encode());
        }
      };
      if (latencyMs > 0) {
        vertx.setTimer(latencyMs, t -> answer.run());
      } else {
        answer.run();
      }
    }

    @Override
    public void close() {
      TestBrisk.await(server.close());
    }
  }
}
