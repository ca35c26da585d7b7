package dev.brisk.stream;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.db.CursorOptions;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stream pool under contention: one connection, a 500 ms request deadline and routes that
 * open cursors without a stream limiter, so a second stream waits for the pool. Whatever ends a
 * stream, its connection returns to the pool and no backend stays idle in a transaction.
 */
class StreamPoolTest {

  /** 100 MB of rows: a paused client with a small receive buffer never gets them all. */
  private static final String MANY = "SELECT g::int8 AS id, repeat('x', 1000) AS pad, "
      + "'pool_probe' AS probe FROM generate_series(1, 100000) g";
  private static final String ONE = "SELECT 1::int8 AS id, 'p' AS pad";

  /** The outcome of the last {@code /parked} stream. */
  private static final AtomicReference<StreamResult> PARKED = new AtomicReference<>();

  private static TestBrisk app;
  private static HttpClient client;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(PoolApp::new, Map.of("deadline", "500", "pg-stream-pool-size", "1"));
    client = app.vertx().createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(app.port()).setReceiveBufferSize(4096));
  }

  @AfterAll
  static void stop() {
    await(client.close());
    app.close();
  }

  @Test
  void a_stream_that_timed_out_waiting_for_the_pool_does_not_keep_the_connection_it_gets_later() {
    HttpClientResponse stalled = await(open("/stall"));
    eventually("the only stream connection held", () -> inUse() == 1);

    // Waits for the pool past its deadline; the connection comes when the stall is cut off.
    assertThat(await(status("/stall"))).isEqualTo(504);

    eventually("the pool serves again", () -> await(status("/one")) == 200);
    eventually("stream connections released", () -> inUse() == 0);
    assertThat(probeBackends("idle in transaction")).isZero();
    await(stalled.request().connection().close().otherwiseEmpty());
  }

  @Test
  void a_connection_the_server_ends_under_a_parked_stream_is_given_back_at_once() {
    PARKED.set(null);
    HttpClientResponse parked = await(open("/parked"));
    // Parked: the cursor's backend has waited for its next fetch for a second, so no fetch is
    // in flight that the closing connection would fail anyway.
    eventually("stream parked in its transaction", () -> inUse() == 1 && parkedBackends() == 1);

    // Vert.x prints a held connection's failure to stderr unless it has an exception handler.
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      await(app.running().context().db().primary().query("SELECT pg_terminate_backend(pid) "
          + "FROM pg_stat_activity WHERE query LIKE '%pool_probe%' "
          + "AND query NOT LIKE '%pg_stat_activity%'", Tuple.tuple()));

      // The client stays paused: only the closed connection can end the stream this early.
      eventually("connection given back", () -> inUse() == 0);
      eventually("stream ended", () -> PARKED.get() != null);
    } finally {
      System.setErr(stderr);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("PgException")
        .doesNotContain("\tat ");
    assertThat(PARKED.get().outcome()).isEqualTo(StreamResult.Outcome.FAILED);
    assertThat(await(status("/one"))).isEqualTo(200);
    await(parked.request().connection().close().otherwiseEmpty());
  }

  /** A GET whose response comes paused: the client reads nothing until told. */
  private static Future<HttpClientResponse> open(String uri) {
    return TestBrisk.onEventLoop(app.vertx(), () -> client.request(HttpMethod.GET, uri)
        .compose(req -> req.send().map(HttpClientResponse::pause)));
  }

  private static Future<Integer> status(String uri) {
    return TestBrisk.onEventLoop(app.vertx(), () -> client.request(HttpMethod.GET, uri)
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode()))));
  }

  private static double inUse() {
    return app.running().context().registry().get("brisk.db.stream_pool.in_use").gauge()
        .value();
  }

  private static long probeBackends(String state) {
    return await(app.running().context().db().primary().query(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pool_probe%' "
            + "AND query NOT LIKE '%pg_stat_activity%' AND state = $1", Tuple.of(state)))
        .iterator().next().getLong(0);
  }

  private static long parkedBackends() {
    return await(app.running().context().db().primary().query(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pool_probe%' "
            + "AND query NOT LIKE '%pg_stat_activity%' AND state = 'idle in transaction' "
            + "AND clock_timestamp() - state_change > interval '1 second'", Tuple.tuple()))
        .iterator().next().getLong(0);
  }

  /** Streams over raw routes: nothing caps them before they ask the pool. */
  static final class PoolApp implements BriskApp {
    private final Streamer impatient = Streamer.create(StreamOptions.defaults()
        .withStallTimeout(Duration.ofSeconds(1)));
    private final Streamer patient = Streamer.create(StreamOptions.defaults()
        .withStallTimeout(Duration.ofMinutes(10)));

    @Override
    public void routes(Routes routes, BriskContext context) {
      routes.raw(HttpMethod.GET, "/stall", Access.open(),
          ctx -> stream(ctx, context, MANY, impatient));
      routes.raw(HttpMethod.GET, "/parked", Access.open(), ctx -> stream(ctx, context, MANY,
          patient).onSuccess(PARKED::set));
      routes.raw(HttpMethod.GET, "/one", Access.open(),
          ctx -> stream(ctx, context, ONE, patient));
    }

    private static Future<StreamResult> stream(RoutingContext ctx, BriskContext context,
        String sql, Streamer streamer) {
      return streamer.send(ctx, StreamFormat.NDJSON, context.db().cursor(sql, Tuple.tuple(),
              CursorOptions.defaults().withFetchSize(100)), StreamTestApp.ROWS)
          .onFailure(ctx::fail);
    }
  }
}
