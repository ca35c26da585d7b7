package dev.brisk.stream;

import dev.brisk.auth.Access;
import com.google.protobuf.Int64Value;
import dev.brisk.db.CursorOptions;
import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.http.Routes;
import dev.brisk.http.StreamLimiter;
import dev.brisk.http.StreamLimits;
import dev.brisk.RunningBrisk;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Brisk app with streaming routes over generated rows, started once per test JVM (one verticle,
 * 1 s request deadline, 100 ms SSE heartbeats). Static fields expose the server side to tests.
 */
final class StreamTestApp implements BriskApp {

  /** The last cursor opened by a route over rows, as the streamer sees it. */
  static final AtomicReference<CursorProbe> LAST_CURSOR = new AtomicReference<>();
  /** The outcome of the last stream. */
  static final AtomicReference<StreamResult> LAST_RESULT = new AtomicReference<>();
  /** The outcome of the last {@code /rows-stall} stream. */
  static final AtomicReference<StreamResult> STALL_RESULT = new AtomicReference<>();
  /** The outcome of the last {@code /rows-slow-reader} stream. */
  static final AtomicReference<StreamResult> SLOW_READER_RESULT = new AtomicReference<>();
  /** The table {@code /locked} reads. */
  static final String LOCKED_TABLE = "stream_lock_probe";
  /** The source of the last {@code /controlled} request. */
  static final AtomicReference<TestSource> LAST_SOURCE = new AtomicReference<>();

  static final StreamEncoder<Row> ROWS = StreamEncoder
      .<Row>json(row -> new JsonObject().put("id", row.getLong("id")).put("pad",
          row.getString("pad")))
      .withProtobuf(Int64Value.getDescriptor(), row -> Int64Value.of(row.getLong("id")))
      .withEventId(row -> row.getLong("id").toString())
      .withEventName("row");

  private static TestBrisk app;

  static synchronized RunningBrisk app() {
    if (app == null) {
      app = TestBrisk.start(StreamTestApp::new, Map.of("deadline", "1000"));
    }
    return app.running();
  }

  /** How long {@code /rows-stall} waits for a client that reads nothing. */
  static final Duration STALL_TIMEOUT = Duration.ofMillis(300);

  private final Streamer streamer = Streamer.create(StreamOptions.defaults()
      .withHeartbeat(Duration.ofMillis(100)));
  private final Streamer impatient = Streamer.create(StreamOptions.defaults()
      .withStallTimeout(STALL_TIMEOUT));
  /** How long {@code /rows-slow-reader} waits for a client that reads nothing. */
  static final Duration SLOW_READER_STALL_TIMEOUT = Duration.ofSeconds(1);
  private final Streamer patient = Streamer.create(StreamOptions.defaults()
      .withStallTimeout(SLOW_READER_STALL_TIMEOUT));

  @Override
  public void routes(Routes routes, BriskContext context) {
    routes.raw(HttpMethod.GET, "/rows", Access.open(), ctx -> rows(ctx, context, "SELECT g::int8 AS id, "
        + "repeat('x', $2) AS pad FROM generate_series(1, $1) g",
        Tuple.of(intParam(ctx, "n", 10), intParam(ctx, "width", 10))));
    routes.raw(HttpMethod.GET, "/sleepy", Access.open(), ctx -> rows(ctx, context, "SELECT g::int8 AS id, "
        + "'p' AS pad, CASE WHEN g > 20 THEN pg_sleep(30) END AS stream_sleep_probe "
        + "FROM generate_series(1, 1000) g", Tuple.tuple()));
    routes.raw(HttpMethod.GET, "/failing", Access.open(), ctx -> rows(ctx, context, "SELECT g::int8 AS id, "
        // A server-side bug at row 300 (SQLSTATE 21000): a 500, unlike data exceptions (22xxx),
        // which are answered 422 as the client's.
        // The pause before it lets rows fetched earlier reach the client first, however the
        // fetches' answers are batched on a busy machine.
        + "'p' AS pad, CASE WHEN g = 299 THEN pg_sleep(0.3) END AS pause, "
        + "CASE WHEN g >= 300 THEN (SELECT x FROM generate_series(1, 2) x) END "
        + "AS boom FROM generate_series(1, 1000) g", Tuple.tuple()));
    routes.raw(HttpMethod.GET, "/slow", Access.open(), ctx -> rows(ctx, context, "SELECT g::int8 AS id, "
        + "'p' AS pad FROM generate_series(1, 3) g WHERE g <> 2 OR pg_sleep(2) IS NOT NULL",
        Tuple.tuple()));
    routes.raw(HttpMethod.GET, "/controlled", Access.open(), this::controlled);
    // Its cursor opens only once the test lets go of its lock on the table.
    routes.raw(HttpMethod.GET, "/locked", Access.open(), ctx -> rows(ctx, context,
        "SELECT id, 'p' AS pad FROM " + LOCKED_TABLE + " ORDER BY id", Tuple.tuple()));
    // One stream per instance: a second is refused (503) before it opens a cursor.
    StreamLimiter one = StreamLimiter.create("kit-streams", StreamLimits.defaults().withMaxOpen(1),
        context.options().auth().tiers(), context.registry());
    routes.stream(HttpMethod.GET, "/rows-limited", Access.open(), one, ctx -> rows(ctx, context,
        "SELECT g::int8 AS id, repeat('x', 1000) AS pad FROM generate_series(1, 100000) g",
        Tuple.tuple()));
    // A stream route whose first row comes after the deadline: 504, like any request.
    routes.stream(HttpMethod.GET, "/slow-first-row", Access.open(), StreamLimiter.create(
        "kit-slow", StreamLimits.defaults(), context.options().auth().tiers(),
        context.registry()), ctx -> rows(ctx, context, "SELECT g::int8 AS id, 'p' AS pad "
            + "FROM generate_series(1, 3) g WHERE pg_sleep(3) IS NOT NULL", Tuple.tuple()));
    routes.stream(HttpMethod.GET, "/rows-stall-slot", Access.open(), StreamLimiter.create(
        "kit-stall", StreamLimits.defaults(), context.options().auth().tiers(),
        context.registry()), ctx -> impatient.send(ctx, StreamFormat.NDJSON,
            context.db().cursor("SELECT g::int8 AS id, repeat('x', 1000) AS pad "
                + "FROM generate_series(1, 100000) g", Tuple.tuple(), CursorOptions.defaults()),
            ROWS)
        .onFailure(ctx::fail));
    routes.raw(HttpMethod.GET, "/rows-stall", Access.open(), ctx -> impatient.send(ctx,
            StreamFormat.NDJSON, context.db().cursor("SELECT g::int8 AS id, repeat('x', 1000) "
                + "AS pad FROM generate_series(1, 100000) g", Tuple.tuple(),
                CursorOptions.defaults()), ROWS)
        .onSuccess(STALL_RESULT::set)
        .onFailure(ctx::fail));
    routes.raw(HttpMethod.GET, "/rows-slow-reader", Access.open(), ctx -> patient.send(ctx,
            StreamFormat.NDJSON, context.db().cursor("SELECT g::int8 AS id, repeat('x', 1000) "
                + "AS pad FROM generate_series(1, 100000) g", Tuple.tuple(),
                CursorOptions.defaults()), ROWS)
        .onSuccess(SLOW_READER_RESULT::set)
        .onFailure(ctx::fail));
  }

  private void rows(RoutingContext ctx, BriskContext context, String sql, Tuple params) {
    StreamFormat format = StreamFormat.negotiate(ctx.request().getHeader("Accept"), ROWS);
    int fetch = intParam(ctx, "fetch", 10);
    streamer.send(ctx, format, context.db().cursor(sql, params,
            CursorOptions.defaults().withFetchSize(fetch)).map(cursor -> {
              CursorProbe probe = new CursorProbe(cursor);
              LAST_CURSOR.set(probe);
              return probe;
            }), ROWS)
        .onSuccess(LAST_RESULT::set)
        .onFailure(ctx::fail);
  }

  private void controlled(RoutingContext ctx) {
    StreamEncoder<JsonObject> encoder = StreamEncoder.<JsonObject>json(json -> json)
        .withProtobuf(Int64Value.getDescriptor(), json -> Int64Value.of(json.getLong("id")))
        .withEventId(json -> json.getLong("id").toString());
    StreamFormat format = StreamFormat.negotiate(ctx.request().getHeader("Accept"), encoder);
    TestSource source = new TestSource(ctx.vertx().getOrCreateContext());
    LAST_SOURCE.set(source);
    streamer.send(ctx, format, Future.succeededFuture(source), encoder)
        .onSuccess(LAST_RESULT::set)
        .onFailure(ctx::fail);
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    String v = ctx.request().getParam(name);
    return v == null ? fallback : Integer.parseInt(v);
  }

}
