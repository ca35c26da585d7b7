package dev.brisk.shop;

import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The export as a stream, with and without embeds: a paused client holds the cursor back (rows
 * fetched stay bounded), a client that leaves mid-stream leaves no cursor, transaction or
 * backend behind, and one caller's 16 stalled exports are all served at once. The small
 * dataset fits in socket buffers, so this class adds 40,000 products with 1 KB descriptions
 * (named {@code Zzbulk ...}, exported with {@code q=zzbulk}) and removes them afterwards.
 */
class ProductExportStreamingTest {

  /** The export's SQL with these parameters, as pg_stat_activity shows it. */
  private static final String EXPORT_SQL = "%FROM products p WHERE (lower(p.name) LIKE $1) "
      + "ORDER BY p.id%";
  private static final String URI = "/api/products/export?q=zzbulk&fields=id,description";
  /** The same export with each row's category: rendered a fetched chunk at a time. */
  private static final String EMBEDS = URI + ",category(name)";
  private static final int BULK = 40_000;
  /** The default streams per caller below the internal tier (API.md). */
  private static final int MAX_PER_CALLER = 16;

  private static HttpClient client;

  @BeforeAll
  static void start() {
    TestShop.sql("INSERT INTO products (sku, name, description, price_cents, stock, category_id) "
        + "SELECT 'bulk-' || g, 'Zzbulk item ' || g, repeat('d', 1000), 100, 1, 1 "
        + "FROM generate_series(1, $1) g", BULK);
    // A small receive buffer so that socket buffers hold only a fraction of the rows.
    client = TestShop.app().context().vertx().createHttpClient(new HttpClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(TestShop.app().port())
        .setReceiveBufferSize(4096));
  }

  @AfterAll
  static void stop() {
    TestBrisk.await(client.close());
    TestShop.sql("DELETE FROM products WHERE sku LIKE 'bulk-%'");
  }

  private static Future<HttpClientResponse> open(String uri) {
    // Paused inside the send callback: a handler set later could miss the first chunks.
    return TestBrisk.onEventLoop(TestShop.app().context().vertx(), () -> client.request(
        new RequestOptions().setMethod(HttpMethod.GET).setURI(uri))
        .compose(req -> req.send().map(resp -> resp.pause())));
  }

  private static double rowsFetched() {
    Counter c = TestShop.app().context().registry().find("brisk.stream.items")
        .tag("format", "ndjson").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void paused_client_keeps_rows_fetched_bounded_then_receives_every_row() {
    pausedClientKeepsRowsBounded(URI);
  }

  @Test
  void paused_client_keeps_rows_rendered_with_embeds_bounded_then_receives_every_row() {
    pausedClientKeepsRowsBounded(EMBEDS);
  }

  @Test
  void client_leaving_mid_stream_leaves_no_open_cursor_or_backend() {
    clientLeavingLeavesNothing(URI);
  }

  @Test
  void client_leaving_an_export_with_embeds_leaves_no_open_cursor_or_backend() {
    clientLeavingLeavesNothing(EMBEDS);
  }

  private static void pausedClientKeepsRowsBounded(String uri) {
    long total = BULK;
    double before = rowsFetched();
    HttpClientResponse resp = TestBrisk.await(open(uri));
    AtomicLong lines = new AtomicLong();
    Promise<Void> ended = Promise.promise();
    resp.handler(buf -> lines.addAndGet(buf.toString().chars().filter(c -> c == '\n').count()))
        .endHandler(ended::complete);

    // Parked: the cursor's backend has waited for the next fetch for a second by PostgreSQL's
    // clock, which a streaming export that ignored the paused client never does.
    eventually("export parked", () -> parkedBackends() == 1);
    double parked = rowsFetched() - before;

    assertThat(parked).isPositive().isLessThan(total / 2.0);
    resp.resume();
    TestBrisk.await(ended.future());
    assertThat(lines.get()).isEqualTo(total);
    assertThat(rowsFetched() - before).isEqualTo((double) total);
  }

  private static void clientLeavingLeavesNothing(String uri) {
    HttpClientResponse resp = TestBrisk.await(open(uri));
    Promise<Void> firstBytes = Promise.promise();
    resp.handler(buf -> firstBytes.tryComplete());
    resp.resume();
    TestBrisk.await(firstBytes.future());
    eventually("export running", () -> exportBackends("%") == 1);

    TestBrisk.await(resp.request().connection().close());

    eventually("export backend gone", () -> exportBackends("%") == 0);
    eventually("connection released", () -> TestShop.app().context().registry()
        .get("brisk.db.stream_pool.in_use").gauge().value() == 0);
  }

  @Test
  void sixteen_slow_readers_of_one_caller_are_all_served_and_a_seventeenth_gets_429() {
    // One connection per export, none read: each holds its cursor for as long as it stays open.
    HttpClient paused = TestShop.app().context().vertx().createHttpClient(new HttpClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(TestShop.app().port())
        .setReceiveBufferSize(4096), new PoolOptions().setHttp1MaxSize(MAX_PER_CALLER + 1));
    List<Future<HttpClientResponse>> exports = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_PER_CALLER; i++) {
        exports.add(openAs(paused, "demo-pro"));
      }
      List<HttpClientResponse> open = TestBrisk.await(Future.all(exports)).list();

      assertThat(open).extracting(HttpClientResponse::statusCode)
          .containsOnly(200).hasSize(MAX_PER_CALLER);
      assertThat(gauge("brisk.db.stream_pool.in_use")).isEqualTo(MAX_PER_CALLER);
      HttpClientResponse refused = TestBrisk.await(openAs(paused, "demo-pro"));
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.getHeader("Retry-After")).isNotBlank();
      Future<Buffer> detail = refused.body();
      refused.resume();
      assertThat(TestBrisk.await(detail).toString()).contains("for this caller");
    } finally {
      exports.forEach(f -> f.onSuccess(resp -> resp.request().connection().close()));
      TestBrisk.await(paused.close());
    }
    eventually("stream connections released",
        () -> gauge("brisk.db.stream_pool.in_use") == 0);
  }

  /** The export as {@code key}'s caller, paused inside the send callback. */
  private static Future<HttpClientResponse> openAs(HttpClient http, String key) {
    return TestBrisk.onEventLoop(TestShop.app().context().vertx(), () -> http.request(
        new RequestOptions().setMethod(HttpMethod.GET).setURI(URI).addHeader("X-API-Key", key))
        .compose(req -> req.send().map(resp -> resp.pause())));
  }

  private static double gauge(String name) {
    return TestShop.app().context().registry().get(name).gauge().value();
  }

  /** Export backends idle in their transaction for a second or more. */
  private static long parkedBackends() {
    return TestShop.sql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE $1 "
        + "AND query NOT LIKE '%pg_stat_activity%' AND state = 'idle in transaction' "
        + "AND clock_timestamp() - state_change > interval '1 second'", EXPORT_SQL)
        .iterator().next().getLong(0);
  }

  /** Backends running or holding the export's cursor (not idle) in the given state pattern. */
  private static long exportBackends(String state) {
    return TestShop.sql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE $1 "
        + "AND query NOT LIKE '%pg_stat_activity%' AND state <> 'idle' AND state LIKE $2",
        EXPORT_SQL, state).iterator().next().getLong(0);
  }
}
