package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.test.TestBrisk;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that ask for responses and do not read them cannot make the server hold them without
 * bound: an HTTP/2 connection announcing no flow-control window is closed once it holds
 * {@link UnsentOutput#PER_CONNECTION} bytes and takes none for {@link UnsentOutput#STALL}
 * (100 such streams of 1.2 MB each filled a 768 MB heap); one that reads is left alone, and
 * HTTP/1 paces pipelined requests by the socket.
 */
class UnsentOutputTest {

  /** One reply's body, about 1 MiB of JSON. */
  private static final int BODY = 1 << 20;
  /** Replies past the per-connection limit, with room for what socket buffers take. */
  private static final int REQUESTS = (int) (UnsentOutput.PER_CONNECTION / BODY) + 24;

  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(() -> (routes, ctx) -> routes.get("/big", Access.open(),
        rc -> Future.succeededFuture(Reply.ok(new JsonObject().put("pad", "x".repeat(BODY))))),
        // One event loop: its limit is what the connections below share.
        Map.of("rate-limiting", "off", "concurrency-limit", "off", "instances", "1"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void an_http2_connection_without_window_is_closed_before_it_holds_more_than_its_share()
      throws Exception {
    double before = closes();
    HttpClient stalled = stalledClient(REQUESTS);
    try {
      Promise<Void> closed = Promise.promise();
      List<Future<?>> answers = ask(stalled, REQUESTS, closed);
      TestBrisk.await(closed.future());
      // Nothing could be sent: every answer fails with the connection.
      TestBrisk.await(Future.join(answers).otherwiseEmpty());
      assertThat(answers).allMatch(Future::failed);
    } finally {
      TestBrisk.await(stalled.close());
    }
    assertThat(closes() - before).isEqualTo(1);
    // Others are served as before, a client that reads included. It asks for less than the
    // per-connection limit: on a loaded machine a reader of more could itself stall for 2 s
    // (a_client_reading_many_large_replies_slowly_is_not_closed covers readers of more).
    HttpClient reader = app.vertx().createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    try {
      List<Future<Buffer>> bodies = new ArrayList<>();
      for (int i = 0; i < UnsentOutput.PER_CONNECTION / BODY - 2; i++) {
        bodies.add(TestBrisk.onEventLoop(app.vertx(), () -> reader.request(HttpMethod.GET,
            "/big").compose(req -> req.send()).compose(resp -> resp.body())));
      }
      TestBrisk.await(Future.all(bodies));
      assertThat(bodies).allMatch(b -> b.result().length() > BODY);
    } finally {
      TestBrisk.await(reader.close());
    }
    assertThat(closes() - before).isEqualTo(1);
  }

  @Test
  void a_client_reading_many_large_replies_slowly_is_not_closed() {
    double before = closes();
    int replies = (int) (UnsentOutput.PER_CONNECTION / BODY) + 4;
    HttpClient slow = app.vertx().createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setHttp2MultiplexingLimit(replies).setHttp2ConnectionWindowSize(64 << 20)
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    try {
      // Each stream reads a frame every 40 ms: no reply is through within the 2 s stall, yet
      // the connection takes bytes all along (it was closed at 16 MiB held).
      List<Future<Long>> read = new ArrayList<>();
      for (int i = 0; i < replies; i++) {
        read.add(TestBrisk.onEventLoop(app.vertx(), () -> slow.request(HttpMethod.GET, "/big")
            .compose(req -> req.send()).compose(resp -> {
              Promise<Long> done = Promise.promise();
              long[] bytes = {0};
              resp.handler(chunk -> {
                bytes[0] += chunk.length();
                resp.pause();
                app.vertx().setTimer(40, t -> resp.resume());
              });
              resp.exceptionHandler(done::tryFail);
              resp.endHandler(v -> done.tryComplete(bytes[0]));
              return done.future();
            })));
      }
      TestBrisk.await(Future.all(read));
      assertThat(read).allMatch(f -> f.result() > BODY);
    } finally {
      TestBrisk.await(slow.close());
    }
    assertThat(closes()).isEqualTo(before);
  }

  @Test
  void stalled_connections_past_the_event_loops_share_are_closed_largest_first_until_within()
      throws Exception {
    double before = closes("event_loop");
    double beforeConnection = closes();
    // Each under its own limit, together 84 MiB against the event loop's 64.
    int each = (int) (UnsentOutput.PER_CONNECTION / BODY) - 2;
    int clients = (int) (UnsentOutput.PER_EVENT_LOOP / BODY / each) + 2;
    List<HttpClient> stalled = new ArrayList<>();
    List<Promise<Void>> closed = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        HttpClient client = stalledClient(each);
        Promise<Void> gone = Promise.promise();
        ask(client, each, gone);
        stalled.add(client);
        closed.add(gone);
      }
      TestBrisk.eventually("closed to within the share",
          () -> closes("event_loop") - before == 2);
      Thread.sleep(UnsentOutput.PRESSURE_STALL.toMillis() * 3);
      assertThat(closes("event_loop") - before).isEqualTo(2);
      assertThat(closed).filteredOn(p -> p.future().isComplete()).hasSize(2);
      assertThat(closes()).isEqualTo(beforeConnection);
    } finally {
      stalled.forEach(client -> TestBrisk.await(client.close()));
    }
  }

  /** A client that announces no flow-control window: nothing it asks for can be sent. */
  private static HttpClient stalledClient(int streams) {
    return app.vertx().createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setHttp2MultiplexingLimit(streams)
        .setInitialSettings(new Http2Settings().setInitialWindowSize(0))
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  /** {@code n} requests for {@code /big}; {@code closed} completes when their connection closes. */
  private static List<Future<?>> ask(HttpClient client, int n, Promise<Void> closed) {
    List<Future<?>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      answers.add(TestBrisk.onEventLoop(app.vertx(), () -> client.request(HttpMethod.GET, "/big")
          .compose(req -> {
            req.connection().closeHandler(v -> closed.tryComplete());
            return req.send();
          }).compose(resp -> resp.body())));
    }
    return answers;
  }

  @Test
  void http1_takes_the_next_pipelined_request_only_as_the_socket_takes_answers()
      throws Exception {
    double before = closes();
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      String request = "GET /big HTTP/1.1\r\nHost: x\r\n\r\n";
      socket.getOutputStream().write((request.repeat(REQUESTS - 1)
          + "GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      // Not reading for longer than a stall: nothing piles up, so nothing is closed.
      Thread.sleep(UnsentOutput.STALL.toMillis() + 1000);
      InputStream in = socket.getInputStream();
      long read = 0;
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        read += n;
      }
      assertThat(read).isGreaterThan((long) REQUESTS * BODY);
    }
    assertThat(closes()).isEqualTo(before);
  }

  private static double closes() {
    return closes("connection");
  }

  private static double closes(String scope) {
    Counter counter = app.running().context().registry().find("brisk.http.unsent_closes")
        .tag("scope", scope).counter();
    return counter == null ? 0 : counter.count();
  }
}
