package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections that stall before a complete request head are closed: the first head by the idle
 * timeout (Vert.x exposes an HTTP/1 connection only once its first head arrived), every later one
 * by {@code --request-head-timeout}, counted from the end of the previous response. Short
 * timeouts keep the test fast (the head timeout far below the idle one, so the second test shows
 * which closed the connection); each read blocks until the server closes, no sleeping.
 */
class ConnectionTimeoutsTest {

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
  void half_a_first_request_head_is_closed_once_the_connection_is_idle() throws IOException {
    try (Socket socket = open()) {
      send(socket, "GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");

      // Blocks until the server closes the connection: -1, no response was ever sent.
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
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

  private static String readUntilClosed(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
