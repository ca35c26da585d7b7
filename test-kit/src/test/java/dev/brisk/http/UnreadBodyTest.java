package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.onEventLoop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request answered before its body arrived (refused before an upload is read, past the body
 * limit, no such route) cannot keep the server reading and dropping that body for as long as the
 * client sends: HTTP/1 closes the connection after the answer, HTTP/2 resets the stream alone.
 */
class UnreadBodyTest {

  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(() -> (routes, ctx) -> declare(routes),
        Map.of("max-body-bytes", "1000"));
  }

  /** Lambdas of a class still initializing would block the event loop: routes come from here. */
  private static void declare(Routes routes) {
    routes.raw(HttpMethod.POST, "/upload", Access.open(),
            rc -> rc.fail(Problem.of(403, "forbidden", "Forbidden", "No uploads today")))
        .post("/echo", Access.open(), rc -> Future.succeededFuture(
            Reply.ok(rc.body().asJsonObject())))
        .get("/ok", Access.open(), rc -> Future.succeededFuture(Reply.ok(new JsonObject())));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void over_http1_an_endless_body_after_the_answer_ends_with_the_connection() throws Exception {
    assertEndlessBodyEndsWithTheConnection("");
  }

  @Test
  void an_h2c_upgrade_with_a_body_is_served_over_http1_so_an_endless_body_ends_too()
      throws Exception {
    // Upgraded, the rest of the body went to HTTP/2 as stream 1's data outside flow control,
    // read and dropped after the answer for as long as it came (90 MB in 8 s, never closed).
    assertEndlessBodyEndsWithTheConnection("Connection: Upgrade, HTTP2-Settings\r\n"
        + "Upgrade: h2c\r\nHTTP2-Settings: \r\n");
  }

  /** An endless chunked body after {@code headers} is answered over HTTP/1.1, then closed. */
  private static void assertEndlessBodyEndsWithTheConnection(String headers) throws Exception {
    for (String path : new String[] {"/upload", "/echo", "/nowhere"}) {
      try (Socket socket = new Socket("127.0.0.1", app.port())) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + headers + "Transfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = new Thread(() -> {
          byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n")
              .getBytes(StandardCharsets.US_ASCII);
          try {
            while (sending.get()) {
              out.write(chunk);
            }
          } catch (IOException closed) {
            // The server closed: what this test waits for.
          }
        });
        sender.start();

        // Before, the server read and dropped the body for as long as it came: no end of stream.
        String answer = readUntilClosed(socket.getInputStream());

        sending.set(false);
        sender.join();
        assertThat(answer).as(path).matches("(?s)HTTP/1\\.1 (403|413|404) .*")
            .contains("Connection: close").contains("application/problem+json");
      }
    }
  }

  @Test
  void over_http1_a_short_unread_body_keeps_the_connection() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"
          + "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String answers = readUntilClosed(socket.getInputStream());
      assertThat(answers).startsWith("HTTP/1.1 403 ").contains("HTTP/1.1 200 ");
    }
  }

  @Test
  void over_http2_more_body_after_the_answer_resets_the_stream_and_the_connection_stays() {
    HttpClient h2 = app.vertx().createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    try {
      for (String path : new String[] {"/upload", "/echo", "/nowhere"}) {
        Promise<Long> reset = Promise.promise();
        HttpClientResponse answer = await(onEventLoop(app.vertx(), () -> h2
            .request(HttpMethod.POST, path).compose(request -> {
              request.exceptionHandler(e -> reset.tryComplete(
                  e instanceof StreamResetException r ? r.getCode() : -1L));
              request.setChunked(true).putHeader("Content-Type", "application/json");
              keepSending(request, reset.future());
              return request.response();
            })));
        HttpConnection connection = answer.request().connection();

        // NO_ERROR: the answer stands, the client is only told to stop sending.
        assertThat(await(reset.future())).as(path).isEqualTo(0L);
        assertThat(answer.statusCode()).as(path).isIn(403, 413, 404);
        HttpClientResponse next = await(onEventLoop(app.vertx(), () -> h2
            .request(HttpMethod.GET, "/ok").compose(HttpClientRequest::send)));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.request().connection()).isSameAs(connection);
      }
    } finally {
      await(h2.close());
    }
  }

  /** Writes 16 KiB every 10 ms, never ending the request, until {@code stop} completes. */
  private static void keepSending(HttpClientRequest request, Future<Long> stop) {
    if (stop.isComplete()) {
      return;
    }
    request.write(Buffer.buffer("x".repeat(16 * 1024)));
    app.vertx().setTimer(10, t -> keepSending(request, stop));
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
