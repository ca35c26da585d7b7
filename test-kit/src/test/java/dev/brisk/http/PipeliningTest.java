package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.test.TestBrisk;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1 requests sent ahead without waiting: up to 100 are answered in order on one
 * connection; beyond, the first 100 are answered and the connection closes (Netty's compressor
 * failed the 129th with an exception per message and left the connection hanging). An
 * {@code Upgrade: h2c} that cannot be performed is ignored instead of answered with a bare 400
 * on a connection left open.
 */
class PipeliningTest {

  private static final String REQUEST = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n";
  private static final String LAST = "GET /hello HTTP/1.1\r\nHost: localhost\r\n"
      + "Connection: close\r\n\r\n";
  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

  private static TestBrisk app;

  @BeforeAll
  static void start() {
    // Each answer waits 20 ms, so a burst of requests is read before the first is answered.
    app = TestBrisk.start(() -> (routes, ctx) -> routes.get("/hello", Access.open(),
        c -> ctx.vertx().timer(20).map(t -> Reply.ok(new JsonObject().put("hello", "world")))),
        Map.of("rate-limiting", "off"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void a_hundred_pipelined_requests_are_all_answered_in_order() throws IOException {
    try (Socket socket = open()) {
      send(socket, REQUEST.repeat(99) + LAST);

      assertThat(statuses(readUntilClosed(socket))).hasSize(100).containsOnly("200");
    }
  }

  @Test
  void beyond_a_hundred_the_first_hundred_are_answered_and_the_connection_closes()
      throws IOException {
    double closes = closes();
    try (Socket socket = open()) {
      send(socket, REQUEST.repeat(300) + LAST);

      assertThat(statuses(readUntilClosed(socket))).hasSize(100).containsOnly("200");
    }
    assertThat(closes()).isEqualTo(closes + 1);
    // The instance serves the next connection as usual.
    assertThat(app.get("/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void an_h2c_upgrade_without_one_usable_settings_is_served_over_http1() throws IOException {
    for (String settings : new String[] {"", "HTTP2-Settings: !!!!\r\n",
        "HTTP2-Settings: AAMAAABkAA\r\n", "HTTP2-Settings: AAIAAAAC\r\n",
        "HTTP2-Settings: AAMAAABkAAQAAP__\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n"}) {
      try (Socket socket = open()) {
        send(socket, "GET /hello HTTP/1.1\r\nHost: localhost\r\nUpgrade: h2c\r\n"
            + "Connection: Upgrade, HTTP2-Settings\r\n" + settings + "\r\n" + LAST);

        String answers = readUntilClosed(socket);
        assertThat(statuses(answers)).as(settings).containsExactly("200", "200");
        assertThat(answers).contains("{\"hello\":\"world\"}");
      }
    }
  }

  @Test
  void a_usable_h2c_upgrade_still_switches_protocols() throws IOException {
    try (Socket socket = open()) {
      send(socket, "GET /hello HTTP/1.1\r\nHost: localhost\r\nUpgrade: h2c\r\n"
          + "Connection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");

      byte[] head = new byte[12];
      int read = 0;
      InputStream in = socket.getInputStream();
      while (read < head.length) {
        int n = in.read(head, read, head.length - read);
        assertThat(n).isPositive();
        read += n;
      }
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
    }
  }

  private static double closes() {
    return app.running().context().registry().get("brisk.http.pipelining_closes").counter()
        .count();
  }

  private static Socket open() throws IOException {
    Socket socket = new Socket("localhost", app.port());
    // Every test ends with the server closing: a hang fails here instead of at the idle timeout.
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  private static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException hang) {
      throw new AssertionError("the connection was left open; read so far: "
          + out.toString(StandardCharsets.US_ASCII).lines().limit(5).toList(), hang);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static List<String> statuses(String responses) {
    Matcher m = STATUS.matcher(responses);
    List<String> statuses = new ArrayList<>();
    while (m.find()) {
      statuses.add(m.group(1));
    }
    return statuses;
  }
}
