package dev.brisk.stream;

import static dev.brisk.stream.StreamClient.get;
import static dev.brisk.stream.StreamClient.open;
import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static dev.brisk.test.TestBrisk.onEventLoop;

import dev.brisk.test.H2Frames;
import dev.brisk.test.TestBrisk;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Backpressure, disconnects, failures mid-stream, compression, heartbeats and the deadline. */
class StreamBehaviourTest {

  private static final int ROWS = 100_000;
  private static final int WIDTH = 1000;
  private static final int FETCH = 500;

  @Test
  void slow_reader_keeps_rows_fetched_bounded_then_gets_every_row() {
    StreamTestApp.LAST_CURSOR.set(null);
    HttpClientResponse resp = await(open("/rows?n=" + ROWS + "&width=" + WIDTH + "&fetch="
        + FETCH));
    AtomicLong lines = new AtomicLong();
    Promise<Void> ended = Promise.promise();
    resp.handler(buf -> lines.addAndGet(count(buf.toString(), '\n'))).endHandler(ended::complete);
    eventually("cursor opened", () -> StreamTestApp.LAST_CURSOR.get() != null);
    CursorProbe cursor = StreamTestApp.LAST_CURSOR.get();

    // The client reads nothing, so the full socket makes the streamer pause the cursor.
    eventually("streamer paused the cursor", cursor::isPaused);
    CursorProbe.Snapshot parked = await(cursor.snapshot());

    // 100 MB of rows; what may sit in socket buffers and the write queue is a few MB.
    assertThat(parked.delivered()).isPositive().isLessThan(ROWS / 4);
    // The rest of the current batch plus one batch read ahead, and no further.
    assertThat(parked.fetched() - parked.delivered()).isLessThanOrEqualTo(2 * FETCH);
    resp.resume();
    await(ended.future());
    assertThat(lines.get()).isEqualTo(ROWS);
    CursorProbe.Snapshot done = await(cursor.snapshot());
    assertThat(done.fetched()).isEqualTo(ROWS);
    assertThat(done.deliveredWhilePaused()).as("rows delivered while paused").isZero();
  }

  @Test
  void client_disconnect_cancels_the_query_and_releases_the_connection() throws Exception {
    StreamTestApp.LAST_RESULT.set(null);
    HttpClientResponse resp = await(open("/sleepy?fetch=10"));
    Promise<Void> twenty = Promise.promise();
    AtomicLong lines = new AtomicLong();
    resp.handler(buf -> {
      if (lines.addAndGet(count(buf.toString(), '\n')) >= 20) {
        twenty.tryComplete();
      }
    });
    resp.resume();
    await(twenty.future());
    eventually("query running", () -> sleepingBackends() == 1);

    await(resp.request().connection().close());

    eventually("query cancelled", () -> sleepingBackends() == 0);
    eventually("connection released", () -> streamConnectionsInUse() == 0);
    eventually("stream closed", () -> StreamTestApp.LAST_RESULT.get() != null
        && StreamTestApp.LAST_RESULT.get().outcome() == StreamResult.Outcome.CLOSED);
  }

  @Test
  void client_that_stops_reading_is_cut_off_after_the_stall_timeout() {
    StreamTestApp.STALL_RESULT.set(null);
    // Paused from the start: the server's write queue fills and stays full.
    HttpClientResponse resp = await(open("/rows-stall"));

    eventually("stream ended", () -> StreamTestApp.STALL_RESULT.get() != null);
    assertThat(StreamTestApp.STALL_RESULT.get().outcome())
        .isEqualTo(StreamResult.Outcome.CUT_OFF);
    eventually("connection released", () -> streamConnectionsInUse() == 0);
    assertThat(StreamTestApp.app().context().registry().get("brisk.stream.completed")
        .tags("format", "ndjson", "outcome", "cut_off").counter().count()).isPositive();

    // Reading again, the client finds the connection closed before the stream's end.
    Promise<Void> ended = Promise.promise();
    resp.exceptionHandler(ended::tryFail).endHandler(ended::tryComplete).handler(b -> { });
    resp.resume();
    assertThat(TestBrisk.awaitFailure(ended.future())).isNotNull();
  }

  @Test
  void client_that_reads_slowly_but_steadily_is_not_cut_off() throws Exception {
    StreamTestApp.SLOW_READER_RESULT.set(null);
    // Default socket buffers: the kernel's autotuning sizes them by megabytes.
    try (Socket socket = new Socket("127.0.0.1", StreamTestApp.app().port())) {
      socket.getOutputStream().write("GET /rows-slow-reader HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      readSlowlyForFourStallTimeouts(socket);
    }
    eventually("stream closed", () -> StreamTestApp.SLOW_READER_RESULT.get() != null);
    assertThat(StreamTestApp.SLOW_READER_RESULT.get().outcome())
        .isEqualTo(StreamResult.Outcome.CLOSED);
    eventually("connection released", () -> streamConnectionsInUse() == 0);
  }

  @Test
  void over_http2_a_client_that_reads_slowly_but_steadily_is_not_cut_off() throws Exception {
    StreamTestApp.SLOW_READER_RESULT.set(null);
    try (Socket socket = new Socket("127.0.0.1", StreamTestApp.app().port())) {
      // Windows of 2^31 - 1: flow control never holds the stream back, the socket does.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(H2Frames.PREFACE);
      H2Frames.frame(out, 0x4, 0, 0,
          new byte[] {0, 4, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      H2Frames.frame(out, 0x8, 0, 0, new byte[] {0x7f, (byte) 0xff, 0, 0});
      H2Frames.frame(out, 0x1, 0x5, 1, H2Frames.get("/rows-slow-reader"));
      socket.getOutputStream().write(out.toByteArray());
      readSlowlyForFourStallTimeouts(socket);
    }
    eventually("stream closed", () -> StreamTestApp.SLOW_READER_RESULT.get() != null);
    assertThat(StreamTestApp.SLOW_READER_RESULT.get().outcome())
        .isEqualTo(StreamResult.Outcome.CLOSED);
  }

  /**
   * Reads about 800 KB/s for four stall timeouts of {@code /rows-slow-reader}: far slower than
   * the server writes, so its queue stays full, while the server learns of the reads only once
   * megabytes of socket buffer are free. Each stall timeout's reads open the client's TCP window,
   * so the client never reads nothing for one, and the stream must still run.
   */
  private static void readSlowlyForFourStallTimeouts(Socket socket) throws Exception {
    InputStream in = socket.getInputStream();
    byte[] chunk = new byte[8192];
    long until = System.nanoTime() + 4 * StreamTestApp.SLOW_READER_STALL_TIMEOUT.toNanos();
    while (System.nanoTime() < until) {
      assertThat(in.read(chunk)).isPositive();
      Thread.sleep(10);
    }
    assertThat(StreamTestApp.SLOW_READER_RESULT.get()).as("the stream's end").isNull();
  }

  @Test
  void over_http2_a_stalled_stream_is_reset_alone_and_its_connection_keeps_serving() {
    HttpClient h2 = StreamTestApp.app().context().vertx().createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(StreamTestApp.app().port()));
    StreamTestApp.STALL_RESULT.set(null);
    HttpClientResponse stalled = await(onEventLoop(StreamTestApp.app().context().vertx(),
        () -> h2.request(HttpMethod.GET, "/rows-stall").compose(req -> req.send())
            .map(HttpClientResponse::pause)));
    HttpConnection connection = stalled.request().connection();
    AtomicBoolean closed = new AtomicBoolean();
    connection.closeHandler(v -> closed.set(true));
    Promise<Long> resetCode = Promise.promise();
    stalled.exceptionHandler(e -> resetCode.tryComplete(e instanceof StreamResetException reset
        ? reset.getCode() : -1L));

    // Named with the answer's status: a refusal (503, 504) would never stall.
    eventually("stream cut off (answered " + stalled.statusCode() + ")",
        () -> StreamTestApp.STALL_RESULT.get() != null);
    assertThat(StreamTestApp.STALL_RESULT.get().outcome())
        .isEqualTo(StreamResult.Outcome.CUT_OFF);
    // CANCEL (0x8): the server gave up on it, not NO_ERROR.
    assertThat(await(resetCode.future())).isEqualTo(0x8L);
    HttpConnection[] used = new HttpConnection[1];
    String body = await(onEventLoop(StreamTestApp.app().context().vertx(),
        () -> h2.request(HttpMethod.GET, "/rows?n=10&width=10&fetch=10")
            .compose(req -> req.send()).compose(resp -> {
              used[0] = resp.request().connection();
              return resp.body();
            }))).toString();
    assertThat(used[0]).isSameAs(connection);
    assertThat(body.lines()).hasSize(10);
    assertThat(closed).isFalse();
    await(h2.close());
  }

  @Test
  void over_http2_a_client_reading_nothing_at_all_loses_its_connection_and_the_slot_frees()
      throws Exception {
    // A raw HTTP/2 client that opens every window and then never reads its socket: the data
    // fills the socket buffers, and the reset of the stalled stream queues behind it, so the
    // stream, and its slot, stayed open until the idle timeout.
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", StreamTestApp.app().port()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(H2Frames.PREFACE);
      H2Frames.frame(out, 0x4, 0, 0,
          new byte[] {0, 4, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      H2Frames.frame(out, 0x8, 0, 0, new byte[] {0x7f, (byte) 0xff, 0, 0});
      H2Frames.frame(out, 0x1, 0x5, 1, H2Frames.get("/rows-stall-slot"));
      socket.getOutputStream().write(out.toByteArray());
      socket.getOutputStream().flush();

      eventually("the stream took its slot", () -> openSlots("kit-stall") == 1);
      eventually("the slot is free again", () -> openSlots("kit-stall") == 0);
    }
  }



  private static double openSlots(String limiter) {
    return StreamTestApp.app().context().registry().get("brisk.stream.open")
        .tag("limiter", limiter).gauge().value();
  }

  @Test
  void a_stream_past_the_instance_cap_is_refused_with_503_before_it_opens_a_cursor() {
    HttpClientResponse first = await(open("/rows-limited?fetch=100"));
    eventually("first stream holds its connection", () -> streamConnectionsInUse() == 1);

    StreamClient.Full second = get("/rows-limited");

    assertThat(second.status()).isEqualTo(503);
    assertThat(second.contentType()).isEqualTo("application/problem+json");
    assertThat(streamConnectionsInUse()).as("the refused stream took no connection").isEqualTo(1);
    await(first.request().connection().close());
    eventually("slot released", () -> StreamTestApp.app().context().registry()
        .get("brisk.stream.open").tag("limiter", "kit-streams").gauge().value() == 0);
  }

  @Test
  void head_on_a_stream_answers_the_gets_head_without_reading_a_row() {
    double items = StreamTestApp.app().context().registry().find("brisk.stream.items").counters()
        .stream().mapToDouble(c -> c.count()).sum();
    Promise<HttpClientResponse> head = Promise.promise();
    // The body is asked for inside the send callback: a HEAD answer ends with its head.
    int bodyLength = await(onEventLoop(StreamTestApp.app().context().vertx(),
        () -> StreamClient.client().request(HttpMethod.HEAD, "/rows-limited?fetch=100")
            .compose(req -> req.send()).compose(resp -> {
              head.complete(resp);
              return resp.body();
            }))).length();

    assertThat(head.future().result().statusCode()).isEqualTo(200);
    assertThat(head.future().result().getHeader("Content-Type"))
        .isEqualTo("application/x-ndjson");
    assertThat(head.future().result().getHeader("Trailer")).as("no body, no trailer").isNull();
    assertThat(bodyLength).isZero();
    assertThat(StreamTestApp.app().context().registry().find("brisk.stream.items").counters()
        .stream().mapToDouble(c -> c.count()).sum()).isEqualTo(items);
    // Its slot (one per instance) and cursor connection are given back at once.
    eventually("slot released", () -> openSlots("kit-streams") == 0);
    eventually("connection released", () -> streamConnectionsInUse() == 0);
    assertThat(get("/rows-limited?fetch=100").status()).isEqualTo(200);
  }

  @Test
  void preconditions_on_a_stream_are_evaluated_against_a_representation_without_a_tag() {
    // A stream has no ETag: no tag of If-Match is current, "*" is (RFC 9110 section 13.1.1).
    StreamClient.Full tagged = get("/rows-limited?fetch=100", "If-Match", "\"abc\"");
    assertThat(tagged.status()).isEqualTo(412);
    assertThat(tagged.contentType()).isEqualTo("application/problem+json");
    assertThat(tagged.text()).contains("precondition-failed");
    eventually("connection released", () -> streamConnectionsInUse() == 0);
    eventually("slot released", () -> openSlots("kit-streams") == 0);
    assertThat(get("/rows?n=3", "If-Match", "*").text().lines()).hasSize(3);

    // If-None-Match: * does not hold while the resource exists: 304, nothing read.
    StreamClient.Full unmodified = get("/rows?n=3", "If-None-Match", "*");
    assertThat(unmodified.status()).isEqualTo(304);
    assertThat(unmodified.body().length()).isZero();
    eventually("connection released", () -> streamConnectionsInUse() == 0);
    assertThat(get("/rows?n=3", "If-None-Match", "\"abc\"").text().lines()).hasSize(3);
  }

  private static double streamConnectionsInUse() {
    return StreamTestApp.app().context().registry().get("brisk.db.stream_pool.in_use").gauge()
        .value();
  }

  private static long sleepingBackends() {
    return await(StreamTestApp.app().context().db().primary().query(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%stream_sleep_probe%' "
            + "AND query NOT LIKE '%pg_stat_activity%' AND state <> 'idle'", Tuple.tuple()))
        .iterator().next().getLong(0);
  }

  @Test
  void failure_after_first_byte_ends_ndjson_with_an_error_record() {
    StreamClient.Full r = get("/failing?fetch=100");

    List<String> lines = r.text().lines().toList();
    assertThat(r.status()).isEqualTo(200);
    assertThat(lines.size()).isGreaterThan(1);
    assertThat(new JsonObject(lines.get(0)).getLong("id")).isEqualTo(1L);
    JsonObject last = new JsonObject(lines.get(lines.size() - 1));
    assertThat(last.getJsonObject("error").getInteger("status")).isEqualTo(500);
    assertThat(last.getJsonObject("error").getString("type")).endsWith("/internal");
    assertThat(StreamTestApp.LAST_RESULT.get().outcome()).isEqualTo(StreamResult.Outcome.FAILED);
  }

  @Test
  void failure_after_first_byte_ends_sse_with_an_error_event() {
    StreamClient.Full r = get("/failing?fetch=100", "Accept", "text/event-stream");

    String[] records = r.text().split("\n\n");
    assertThat(records[1]).startsWith("id: 1\n");
    assertThat(records[records.length - 1]).startsWith("event: error\ndata: {");
  }

  @Test
  void failure_after_first_byte_cuts_a_json_array_short() {
    Throwable failure = null;
    try {
      get("/failing?fetch=100", "Accept", "application/json");
    } catch (RuntimeException e) {
      failure = e;
    }
    assertThat(failure).as("a JSON array must not end well-formed after a failure").isNotNull();
  }

  @Test
  void failure_before_first_byte_is_an_ordinary_problem_response() {
    StreamClient.Full r = get("/failing?fetch=1000");

    assertThat(r.status()).isEqualTo(500);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void stream_started_before_the_deadline_is_not_cut_by_it() {
    // Deadline 1 s and pool statement_timeout 1 s; the second row takes 2 s.
    StreamClient.Full r = get("/slow?fetch=1");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text().lines().map(l -> new JsonObject(l).getLong("id")).toList())
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void the_request_histogram_times_a_stream_to_its_head_and_the_stream_meter_to_its_end() {
    var registry = StreamTestApp.app().context().registry();
    // The first row at once, the second after 2 s: as a client reading slowly would stretch it.
    assertThat(get("/slow?fetch=1").status()).isEqualTo(200);
    eventually("recorded", () -> registry.find("brisk.http.server.requests")
        .tags("route", "/slow").timer() != null);
    assertThat(registry.get("brisk.http.server.requests").tags("route", "/slow").timer()
        .max(TimeUnit.SECONDS)).as("to the head").isLessThan(1.5);
    eventually("the stream's length recorded", () -> streamDurationMax(registry) >= 2.0);
  }

  private static double streamDurationMax(io.micrometer.core.instrument.MeterRegistry registry) {
    return registry.get("brisk.stream.duration").tags("format", "ndjson", "outcome", "completed")
        .timer().max(TimeUnit.SECONDS);
  }

  @Test
  void source_that_writes_nothing_before_the_deadline_gets_504_and_is_stopped() throws Exception {
    StreamClient.Full r = get("/controlled");

    assertThat(r.status()).isEqualTo(504);
    eventually("stream closed", () -> StreamTestApp.LAST_RESULT.get() != null
        && StreamTestApp.LAST_RESULT.get().outcome() == StreamResult.Outcome.CLOSED);
  }

  @Test
  void a_stream_route_whose_first_row_misses_the_deadline_gets_504() {
    // routes.stream (exports) keeps the request deadline until the head: 1 s here, row at 3 s.
    StreamClient.Full r = get("/slow-first-row");

    assertThat(r.status()).isEqualTo(504);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void sse_sends_heartbeats_while_the_source_is_idle() {
    HttpClientResponse resp = await(open("/controlled", "Accept", "text/event-stream"));
    Promise<String> heartbeats = Promise.promise();
    StringBuilder text = new StringBuilder();
    resp.handler(buf -> {
      text.append(buf);
      if (text.indexOf("event: heartbeat\ndata: {}\n\n") != text.lastIndexOf(
          "event: heartbeat\ndata: {}\n\n")) {
        heartbeats.tryComplete(text.toString());
      }
    });
    resp.resume();
    String seen = await(heartbeats.future());
    StreamTestApp.LAST_SOURCE.get().end();

    assertThat(seen).startsWith("retry: 3000\n\nevent: heartbeat\n");
  }

  @Test
  void over_http10_a_stream_is_delimited_by_close_and_announces_no_trailer() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", StreamTestApp.app().port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      // Keep-alive holds for a body with a length...
      out.write(("GET /health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String health = readHead(in);
      assertThat(health).startsWith("HTTP/1.0 200 ").containsIgnoringCase("Content-Length: ");
      int length = Integer.parseInt(health.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
      in.readNBytes(length);
      // ...and a stream, which HTTP/1.0 cannot chunk, ends with the connection: Vert.x kept it
      // open, so the client waited for the end until the idle timeout.
      out.write(("GET /rows?n=100&fetch=30 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String head = readHead(in);
      String body = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(head).startsWith("HTTP/1.0 200 ").containsIgnoringCase("\r\nConnection: close")
          .doesNotContainIgnoringCase("Content-Length")
          .doesNotContainIgnoringCase("Transfer-Encoding")
          .containsIgnoringCase("\r\nServer-Timing: db;dur=");
      // No trailer can follow a body delimited by close, so none is announced.
      assertThat(head).doesNotContainIgnoringCase("\r\nTrailer:");
      assertThat(body.lines()).hasSize(100);
      assertThat(body).endsWith("\"id\":100,\"pad\":\"xxxxxxxxxx\"}\n");
    }
  }

  /** Reads a response head up to and including its blank line. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the head's end").isNotNegative();
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void sse_writes_its_head_and_heartbeats_while_its_cursor_waits_to_open() throws Exception {
    SqlConnection holder = lockTheTableOfLocked(3);
    HttpClientResponse resp;
    try {
      // The head arrives while the cursor cannot open: it waits for the test's lock.
      resp = await(open("/locked", "Accept", "text/event-stream"));
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.getHeader("Content-Type")).isEqualTo("text/event-stream");
    } finally {
      release(holder);
    }
    Promise<String> body = Promise.promise();
    StringBuilder text = new StringBuilder();
    resp.handler(text::append).endHandler(v -> body.complete(text.toString()));
    resp.resume();
    String seen = await(body.future());
    assertThat(seen).startsWith("retry: 3000\n\n");
    List<String> records = Arrays.stream(seen.split("\n\n"))
        .filter(r -> !r.equals("event: heartbeat\ndata: {}")).toList();
    assertThat(records).containsExactly("retry: 3000", "id: 1\nevent: row\ndata: {\"id\":1,"
        + "\"pad\":\"p\"}", "id: 2\nevent: row\ndata: {\"id\":2,\"pad\":\"p\"}",
        "id: 3\nevent: row\ndata: {\"id\":3,\"pad\":\"p\"}",
        "event: end\ndata: {\"count\":3}");
  }

  @Test
  void sse_whose_cursor_is_not_open_by_the_deadline_ends_with_a_504_record_and_lets_go()
      throws Exception {
    SqlConnection holder = lockTheTableOfLocked(1);
    try {
      // Deadline 1 s, heartbeats every 100 ms: the client reads all along, then the 504.
      StreamClient.Full r = get("/locked", "Accept", "text/event-stream");
      assertThat(r.status()).isEqualTo(200);
      String[] records = r.text().split("\n\n");
      assertThat(records[0]).isEqualTo("retry: 3000");
      assertThat(records[1]).isEqualTo("event: heartbeat\ndata: {}");
      String last = records[records.length - 1];
      assertThat(last).startsWith("event: error\ndata: {");
      JsonObject problem = new JsonObject(last.substring(last.indexOf('{')));
      assertThat(problem.getInteger("status")).isEqualTo(504);
      assertThat(problem.getString("detail")).contains("deadline");
      // The opening was cancelled: its statement no longer waits for the lock.
      eventually("connection released", () -> streamConnectionsInUse() == 0);
      assertThat(await(StreamTestApp.app().context().db().primary().query(
          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE "
              + "'%" + StreamTestApp.LOCKED_TABLE + "%' AND query NOT LIKE '%pg_stat_activity%'",
          Tuple.tuple())).iterator().next().getLong(0)).isZero();
    } finally {
      release(holder);
    }
  }

  private static void release(SqlConnection holder) {
    await(holder.transaction().rollback());
    await(holder.close());
  }

  /**
   * Fills {@link StreamTestApp#LOCKED_TABLE} with ids 1 to {@code rows} and returns a connection
   * whose transaction holds it locked ({@link #release} lets go).
   */
  private static SqlConnection lockTheTableOfLocked(int rows) {
    Pool pool = StreamTestApp.app().context().db().pool();
    String table = StreamTestApp.LOCKED_TABLE;
    await(pool.query("DROP TABLE IF EXISTS " + table + "; CREATE TABLE " + table
        + " AS SELECT g::int8 AS id FROM generate_series(1, " + rows + ") g").execute());
    SqlConnection holder = await(pool.getConnection());
    await(holder.begin());
    await(holder.query("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE").execute());
    return holder;
  }

  private static long count(String text, char c) {
    return text.chars().filter(ch -> ch == c).count();
  }
}
