package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.test.TestBrisk;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections that stall before a complete request head are closed by
 * {@code --request-head-timeout}: the first head counted from when the connection opened, however
 * slowly it trickles in, every later one from the end of the previous response (an h2c
 * connection's first from when it opened). Short timeouts keep the test fast (the head timeout
 * far below the idle one, so the tests show which closed the connection); each read blocks until
 * the server closes.
 */
class ConnectionTimeoutsTest {

  /** The HTTP/2 client preface and an empty SETTINGS frame. */
  private static final byte[] PREFACE = preface();

  private static TestBrisk APP;

  // Started here, not in a static initializer: the routes lambda runs on an event loop, which
  // would wait for this class's initialization to finish.
  @BeforeAll
  static void start() {
    APP = TestBrisk.start(() -> (routes, ctx) -> routes.get("/hello", Access.open(),
            c -> Future.succeededFuture(Reply.ok(new JsonObject().put("hello", "world")))),
        Map.of("request-head-timeout", "300", "idle-timeout", "PT2S"));
  }

  @AfterAll
  static void stop() {
    APP.close();
  }

  @Test
  void half_a_first_request_head_is_closed_after_the_head_timeout() throws IOException {
    double closed = headTimeouts();
    try (Socket socket = open()) {
      long start = System.nanoTime();
      send(socket, "GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");

      // Blocks until the server closes the connection: -1, no response was ever sent.
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed by the 300 ms head "
          + "timeout, not the 2 s idle timeout").isLessThan(Duration.ofMillis(1500));
    }
    assertThat(headTimeouts()).isEqualTo(closed + 1);
  }

  @Test
  void a_first_head_trickled_a_byte_at_a_time_is_closed_after_the_head_timeout()
      throws Exception {
    try (Socket socket = open()) {
      long start = System.nanoTime();
      String head = "GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(200);
      // One byte every 50 ms keeps the connection busy past the idle timeout (2 s) if let be.
      try {
        for (char c : head.toCharArray()) {
          send(socket, String.valueOf(c));
          Thread.sleep(50);
          if (Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) > 0) {
            break;
          }
        }
      } catch (IOException closedWhileSending) {
        // The server closed the connection: what this test expects.
      }
      assertThat(readAfterClose(socket)).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }
  }

  @Test
  void a_connection_that_sends_nothing_is_closed_after_the_head_timeout() throws IOException {
    try (Socket socket = open()) {
      long start = System.nanoTime();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }
  }

  @Test
  void blank_lines_before_the_request_line_do_not_end_the_first_head() throws IOException {
    try (Socket socket = open()) {
      send(socket, "\r\n\r\nGET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      String response = readUntilClosed(socket.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 200").contains("\"hello\":\"world\"");
    }
  }

  private static double headTimeouts() {
    return APP.running().context().registry().get("brisk.http.head_timeouts").counter().count();
  }

  @Test
  void half_a_next_request_head_is_closed_after_the_head_timeout() throws IOException {
    try (Socket socket = open()) {
      send(socket, "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"
          + "GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");

      String response = readUntilClosed(socket.getInputStream());

      assertThat(response).startsWith("HTTP/1.1 200").contains("\"hello\":\"world\"");
      assertThat(response.split("HTTP/1.1 ", -1)).as("one response only").hasSize(2);
    }
    assertThat(APP.running().context().registry().get("brisk.http.head_timeouts").counter()
        .count()).isPositive();
  }

  @Test
  void an_h2c_connection_stalled_inside_its_next_headers_is_closed_after_the_head_timeout()
      throws IOException {
    byte[] path = "/health/live".getBytes(StandardCharsets.US_ASCII);
    byte[] authority = "localhost".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    // HEADERS for stream 1, END_STREAM | END_HEADERS: GET http, literal :path and :authority.
    first.write(new byte[] {0, 0, (byte) (6 + path.length + authority.length), 1, 5, 0, 0, 0, 1,
        (byte) 0x82, (byte) 0x86, 0x44, (byte) path.length});
    first.write(path);
    first.write(new byte[] {0x41, (byte) authority.length});
    first.write(authority);
    assertStalledStreamIsClosed(PREFACE, first.toByteArray());
  }

  @Test
  void an_upgraded_h2c_connection_stalled_inside_its_next_headers_is_closed_too()
      throws IOException {
    byte[] upgrade = ("GET /health/live HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: \r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    assertStalledStreamIsClosed(upgrade, PREFACE);
  }

  @Test
  void an_h2c_request_without_authority_is_a_400_problem() throws IOException, Http2Exception {
    byte[] path = "/hello".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    // GET http and :path, no :authority.
    block.write(new byte[] {(byte) 0x82, (byte) 0x86, 0x44, (byte) path.length});
    block.write(path);
    H2Answer answer = h2Exchange(block.toByteArray());
    assertThat(answer.headers().status()).hasToString("400");
    assertThat(answer.headers().get("content-type")).hasToString("application/problem+json");
    assertThat(answer.body()).contains("\"status\":400").containsIgnoringCase("authority");
  }

  @Test
  void an_h2c_connect_is_a_400_problem_as_over_http1() throws IOException, Http2Exception {
    // :method CONNECT and :authority alone, as RFC 9113 section 8.5 has it: no :path, which the
    // size check read without looking, so the stream was never answered (and an ERROR logged).
    byte[] method = "CONNECT".getBytes(StandardCharsets.US_ASCII);
    byte[] authority = "evil.example:443".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.write(new byte[] {0x42, (byte) method.length});
    block.write(method);
    block.write(new byte[] {0x41, (byte) authority.length});
    block.write(authority);
    H2Answer answer = h2Exchange(block.toByteArray());
    assertThat(answer.headers().status()).hasToString("400");
    assertThat(answer.headers().get("content-type")).hasToString("application/problem+json");
    assertThat(answer.body()).contains("\"status\":400")
        .contains("'evil.example:443' is not a path");
  }

  /** The status and headers of an HTTP/2 answer, and its body as text. */
  private record H2Answer(Http2Headers headers, String body) {
  }

  /**
   * Sends the preface and {@code block} as the header block of stream 1 (END_STREAM |
   * END_HEADERS) and reads the frames until stream 1 ends.
   */
  private static H2Answer h2Exchange(byte[] block) throws IOException, Http2Exception {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write(PREFACE);
    request.write(new byte[] {0, 0, (byte) block.length, 1, 5, 0, 0, 0, 1});
    request.write(block);
    try (Socket socket = open()) {
      socket.getOutputStream().write(request.toByteArray());
      socket.getOutputStream().flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      ByteArrayOutputStream headers = new ByteArrayOutputStream();
      StringBuilder data = new StringBuilder();
      while (true) {
        int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = in.readNBytes(length);
        if (stream == 1 && (type == 1 || type == 9)) {
          // HEADERS (minus padding and priority) and CONTINUATION make one header block.
          int from = type == 1 && (flags & 0x8) != 0 ? 1 : 0;
          int padding = from == 1 ? payload[0] & 0xff : 0;
          from += type == 1 && (flags & 0x20) != 0 ? 5 : 0;
          headers.write(payload, from, payload.length - from - padding);
        } else if (stream == 1 && type == 0) {
          data.append(new String(payload, StandardCharsets.UTF_8));
        }
        if (stream == 1 && (flags & 1) != 0) {
          break;
        }
      }
      return new H2Answer(new DefaultHttp2HeadersDecoder(false)
          .decodeHeaders(1, Unpooled.wrappedBuffer(headers.toByteArray())), data.toString());
    }
  }

  /**
   * Sends {@code opening}, then {@code next}, then HEADERS for stream 3 without END_HEADERS (the
   * server waits for a CONTINUATION that never comes); the connection must close by the head
   * timeout (300 ms), far ahead of the idle timeout (120 s) and the read's safety net (60 s).
   */
  private static void assertStalledStreamIsClosed(byte[] opening, byte[] next)
      throws IOException {
    try (TestBrisk app = TestBrisk.start(() -> (routes, ctx) -> { },
        Map.of("request-head-timeout", "300", "idle-timeout", "PT120S"));
        Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(opening);
      out.write(next);
      out.write(new byte[] {0, 0, 3, 1, 0, 0, 0, 0, 3, (byte) 0x82, (byte) 0x86, (byte) 0x84});
      out.flush();

      String frames = readUntilClosed(socket.getInputStream());

      assertThat(frames).as("the first request was answered").contains("{\"status\":\"UP\"}");
      assertThat(app.running().context().registry().get("brisk.http.head_timeouts").counter()
          .count()).isEqualTo(1);
    }
  }

  /**
   * The next byte, or -1 at the end of the stream; a reset counts as that end too, since bytes
   * written after the server closed may have drawn one.
   */
  private static int readAfterClose(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read();
    } catch (SocketException reset) {
      return -1;
    }
  }

  private static Socket open() throws IOException {
    Socket socket = new Socket("127.0.0.1", APP.port());
    // Only a safety net: each test ends when the server closes the connection.
    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static byte[] preface() {
    byte[] magic = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[magic.length + 9];
    System.arraycopy(magic, 0, all, 0, magic.length);
    all[magic.length + 3] = 4;
    return all;
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
