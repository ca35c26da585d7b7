package dev.brisk.shop;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients against a shop started with small limits: 2 transaction and 2 stream
 * connections, 8 streams per instance configured but 2 in effect (one per stream connection) and
 * 1 per caller, imports of at most 10 lines and 1 s.
 * Stalled clients speak HTTP/2 and pause the response, so they grant no flow-control credit past
 * the first 64 KiB: the server's write queue fills and the export holds its cursor and its stream
 * slot whatever the kernel's socket buffers would take.
 */
class LimitsTest {

  private static final String EXPORT = "/api/products/export";
  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(ShopApp::new, Map.of("dataset", "small", "pg-pool-size", "2",
        "pg-stream-pool-size", "2", "max-streams", "8", "max-streams-per-caller", "1",
        "import-max-lines", "10", "import-max-duration", "PT1S"));
  }

  @AfterAll
  static void stop() {
    app.close();
    TestShop.sql("DELETE FROM products WHERE sku LIKE 'lim-%'");
  }

  /**
   * Starts two exports whose clients read nothing, into {@code stalled}, and waits until both
   * hold a stream connection: mid-export, neither response can end while its client reads
   * nothing.
   */
  private static void holdBothStreamConnections(List<HttpClient> stalled) {
    stalled.add(stalledExport("demo-internal"));
    stalled.add(stalledExport("demo-internal"));
    eventually("both stream connections held by stalled exports",
        () -> gauge("brisk.db.stream_pool.in_use", null) == 2
            && gauge("brisk.stream.open", "streams") == 2);
  }

  @Test
  void stalled_exports_do_not_delay_orders_or_patch() {
    List<HttpClient> stalled = new ArrayList<>();
    try {
      holdBothStreamConnections(stalled);

      TestShop.sql("UPDATE products SET stock = 50 WHERE id = 151");
      HttpResponse<Buffer> patch = send(HttpMethod.PATCH, "/api/products/150",
          "{\"stock\": 9}", "application/merge-patch+json", "demo-internal");
      HttpResponse<Buffer> order = send(HttpMethod.POST, "/api/orders", new JsonObject()
          .put("user_id", 7).put("items", new JsonArray().add(new JsonObject()
              .put("product_id", 151).put("quantity", 1))).encode(), "application/json",
          "demo-internal");

      assertThat(patch.statusCode()).as(patch.bodyAsString()).isEqualTo(200);
      assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
    } finally {
      closeAll(stalled);
    }
  }

  @Test
  void a_stream_pool_smaller_than_the_cap_refuses_the_excess_with_503_before_it_waits() {
    List<HttpClient> stalled = new ArrayList<>();
    try {
      holdBothStreamConnections(stalled);

      // Admitted, it would wait for a connection until its deadline (504).
      HttpResponse<Buffer> third = send(HttpMethod.GET, EXPORT + "?fields=id", null, null,
          "demo-internal");

      assertThat(third.statusCode()).as(third.bodyAsString()).isEqualTo(503);
      assertThat(third.getHeader("Retry-After")).isNotBlank();
      assertThat(registry().get("brisk.stream.refused").tag("limiter", "streams")
          .tag("reason", "instance").counter().count()).isPositive();
    } finally {
      closeAll(stalled);
    }
  }

  /**
   * Callers below internal, each within its own cap, cannot take every slot of the instance: a
   * few anonymous addresses reading slowly held all 64 exports of a default shop, and every
   * other caller, internal included, got 503 for as long as they kept reading. Of the 2 slots
   * here, tiers below internal may fill only one.
   */
  @Test
  void callers_below_internal_leave_the_internal_tier_slots() {
    List<HttpClient> stalled = new ArrayList<>();
    try {
      stalled.add(stalledExport("demo-free"));
      eventually("the free caller's stream admitted",
          () -> gauge("brisk.stream.open", "streams") == 1);

      HttpResponse<Buffer> anonymous = await(app.send(HttpMethod.GET, EXPORT + "?fields=id",
          null));
      HttpResponse<Buffer> pro = send(HttpMethod.GET, EXPORT + "?fields=id", null, null,
          "demo-pro");
      HttpResponse<Buffer> internal = send(HttpMethod.GET, EXPORT + "?fields=id", null, null,
          "demo-internal");

      assertThat(anonymous.statusCode()).as(anonymous.bodyAsString()).isEqualTo(503);
      assertThat(pro.statusCode()).as(pro.bodyAsString()).isEqualTo(503);
      assertThat(pro.getHeader("Retry-After")).isNotBlank();
      assertThat(Http.json(pro).getString("detail")).contains("tier pro");
      assertThat(internal.statusCode()).as(internal.bodyAsString()).isEqualTo(200);
    } finally {
      closeAll(stalled);
    }
  }

  @Test
  void a_caller_below_internal_gets_429_past_its_own_cap() {
    List<HttpClient> stalled = new ArrayList<>();
    try {
      stalled.add(stalledExport("demo-pro"));
      eventually("the caller's stream admitted", () -> gauge("brisk.stream.open", "streams") == 1);

      AtomicReference<HttpResponse<Buffer>> second = new AtomicReference<>();
      eventually("a second export of the caller refused", () -> {
        second.set(send(HttpMethod.GET, EXPORT + "?fields=id", null, null, "demo-pro"));
        return second.get().statusCode() == 429;
      });

      assertThat(second.get().getHeader("Retry-After")).isNotBlank();
      assertThat(Http.json(second.get()).getString("detail")).contains("for this caller");
      assertThat(registry().get("brisk.stream.refused").tag("reason", "caller").counter()
          .count()).isPositive();
    } finally {
      closeAll(stalled);
    }
  }

  @Test
  void one_import_per_caller_and_a_slow_import_is_cut_at_its_time_limit() throws IOException {
    try (TestBrisk other = TestBrisk.start(ShopApp::new, Map.of("dataset", "small"));
        Socket slow = socket()) {
      slow.getOutputStream().write(("POST /api/products/import HTTP/1.1\r\nHost: localhost\r\n"
          + "X-API-Key: demo-internal\r\nContent-Type: application/x-ndjson\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n1\r\n\n\r\n").getBytes(StandardCharsets.US_ASCII));
      eventually("import admitted", () -> gauge("brisk.stream.open", "imports") == 1);

      // The caller's one import counts on every instance sharing the Redis.
      HttpResponse<Buffer> elsewhere = await(other.send(HttpMethod.POST,
          "/api/products/import", Buffer.buffer("\n"), "Content-Type", "application/x-ndjson",
          "X-API-Key", "demo-internal"));
      HttpResponse<Buffer> second = send(HttpMethod.POST, "/api/products/import", "\n",
          "application/x-ndjson", "demo-internal");

      assertThat(elsewhere.statusCode()).isEqualTo(429);
      assertThat(Http.json(elsewhere).getString("detail")).contains("for this caller");
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.getHeader("Retry-After")).isNotBlank();
      // The first never finishes its body: it is answered 408 at its time limit, then closed.
      String answer = readUntilClosed(slow.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 408").contains("request-timeout");
    }
    eventually("slot released", () -> gauge("brisk.stream.open", "imports") == 0);
  }

  @Test
  void an_import_with_too_many_lines_is_413() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      body.append("{}\n");
    }
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/products/import", body.toString(),
        "application/x-ndjson", "demo-internal");

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Http.json(r).getString("detail")).contains("more than 10 lines");
  }

  private static String importLine(String sku) {
    return new JsonObject().put("sku", sku).put("name", "Cut " + sku).put("description", "")
        .put("price_cents", 100).put("stock", 1).put("category_id", 2).encode() + "\n";
  }

  private static long imported(String skuPrefix) {
    return TestShop.sql("SELECT count(*) FROM products WHERE sku LIKE $1", skuPrefix + "%")
        .iterator().next().getLong(0);
  }

  @Test
  void an_import_cut_at_its_line_limit_writes_the_lines_before_it_and_says_exactly_that() {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      body.append(i == 3 ? "{not json\n" : importLine("lim-lines-" + i));
    }
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/products/import", body.toString(),
        "application/x-ndjson", "demo-internal");

    assertThat(r.statusCode()).isEqualTo(413);
    JsonObject problem = Http.json(r);
    assertThat(problem.getString("detail")).contains("more than 10 lines")
        .contains("9 products were imported").contains("line 11");
    assertThat(problem.getLong("imported")).isEqualTo(9L);
    assertThat(problem.getLong("next_line")).isEqualTo(11L);
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/lines/3");
    assertThat(imported("lim-lines-")).isEqualTo(9);
    assertThat(imported("lim-lines-11")).isZero();
  }

  @Test
  void an_import_cut_at_its_time_limit_answers_with_what_it_wrote() throws IOException {
    try (Socket slow = socket()) {
      String lines = importLine("lim-slow-1") + importLine("lim-slow-2") + importLine("lim-slow-3");
      slow.getOutputStream().write(("POST /api/products/import HTTP/1.1\r\nHost: localhost\r\n"
          + "X-API-Key: demo-internal\r\nContent-Type: application/x-ndjson\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(lines.length()) + "\r\n"
          + lines + "\r\n").getBytes(StandardCharsets.UTF_8));
      // The body never ends: it is cut at 1 s, after the three lines it holds were written.
      String answer = readUntilClosed(slow.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 408");
      JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(problem.getLong("imported")).isEqualTo(3L);
      assertThat(problem.getLong("next_line")).isEqualTo(4L);
    }
    assertThat(imported("lim-slow-")).isEqualTo(3);
    eventually("slot released", () -> gauge("brisk.stream.open", "imports") == 0);
  }

  @Test
  void an_import_read_in_time_answers_what_it_wrote_however_long_its_last_write_waits()
      throws InterruptedException {
    // Another transaction holds the first line's SKU, uncommitted: the import's write waits for
    // it past the import's 1 s limit. It rolls back, and the write then commits all three.
    Promise<Void> inserted = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<Void> holder = TestShop.db().inTransaction(tx -> tx.query("INSERT INTO products "
            + "(sku, name, description, price_cents, stock, category_id) "
            + "VALUES ('lim-wait-1', 'holder', '', 1, 1, 2)")
        .compose(x -> {
          inserted.complete();
          return release.future();
        })
        .compose(x -> Future.failedFuture(new IllegalStateException("rolled back"))));
    await(inserted.future());
    long sent = System.nanoTime();
    Future<HttpResponse<Buffer>> r = app.send(HttpMethod.POST, "/api/products/import",
        Buffer.buffer(importLine("lim-wait-1") + importLine("lim-wait-2")
            + importLine("lim-wait-3")), "X-API-Key", "demo-internal", "Content-Type",
        "application/x-ndjson");
    eventually("the import's write waits for the holder's row", () -> TestShop.sql(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            + "AND query LIKE 'INSERT INTO products (sku%'").iterator().next().getLong(0) == 1);
    long waited = Duration.ofNanos(System.nanoTime() - sent).toMillis();
    Thread.sleep(Math.max(0, 1500 - waited));
    release.complete();
    await(holder.otherwiseEmpty());

    HttpResponse<Buffer> answer = await(r);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    assertThat(Http.json(answer).getLong("imported")).isEqualTo(3L);
    assertThat(imported("lim-wait-")).isEqualTo(3);
  }

  /**
   * An SSE export on its own HTTP/2 connection whose response is paused: no WINDOW_UPDATE is sent,
   * so the server stalls after the initial window (a 3.5 MB export could fit in the kernel's
   * buffers of an HTTP/1.1 connection that reads nothing, and end).
   */
  private static HttpClient stalledExport(String key) {
    HttpClient client = app.vertx().createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    client.request(HttpMethod.GET, EXPORT).onSuccess(request -> {
      request.response().onSuccess(HttpClientResponse::pause);
      request.putHeader("Accept", "text/event-stream").putHeader("X-API-Key", key).end();
    });
    return client;
  }

  private static Socket socket() throws IOException {
    Socket socket = new Socket("127.0.0.1", app.port());
    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    return socket;
  }

  private static void closeAll(List<HttpClient> clients) {
    for (HttpClient client : clients) {
      await(client.close());
    }
    eventually("stream slots released", () -> gauge("brisk.stream.open", "streams") == 0);
    eventually("stream connections released",
        () -> gauge("brisk.db.stream_pool.in_use", null) == 0);
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String uri, String body,
      String contentType, String key) {
    List<String> headers = new ArrayList<>(List.of("X-API-Key", key));
    if (contentType != null) {
      headers.addAll(List.of("Content-Type", contentType));
    }
    return await(app.send(method, uri, body == null ? null : Buffer.buffer(body),
        headers.toArray(String[]::new)));
  }

  private static MeterRegistry registry() {
    return app.running().context().registry();
  }

  private static double gauge(String name, String limiter) {
    return limiter == null ? registry().get(name).gauge().value()
        : registry().get(name).tag("limiter", limiter).gauge().value();
  }
}
