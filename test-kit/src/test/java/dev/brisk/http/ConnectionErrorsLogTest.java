package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.H2Frames;
import dev.brisk.test.LogCapture;
import dev.brisk.test.TestBrisk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a client alone does to its own connection is not the server's error: Vert.x logged each
 * such connection at ERROR ({@code io.vertx.core.net.impl.ConnectionBase - Connection reset},
 * naming no one), one line per connection that any client could repeat at will.
 */
class ConnectionErrorsLogTest {

  private static TestBrisk APP;

  @BeforeAll
  static void start() {
    APP = TestBrisk.start(() -> (routes, ctx) -> { }, Map.of());
  }

  @AfterAll
  static void stop() {
    APP.close();
  }

  @Test
  void a_client_that_resets_or_garbles_its_connection_logs_no_error() throws IOException {
    try (LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 3; i++) {
        // Half a request head, then a reset (SO_LINGER 0).
        reset("GET /health/li".getBytes(StandardCharsets.US_ASCII));
        // HTTP/2 with prior knowledge whose first frame is not SETTINGS.
        ByteArrayOutputStream h2 = new ByteArrayOutputStream();
        h2.writeBytes(H2Frames.PREFACE);
        H2Frames.frame(h2, 0, 0, 1, new byte[] {1});
        reset(h2.toByteArray());
      }

      assertThat(APP.get("/health/live").statusCode()).isEqualTo(200);
      assertThat(logs.text()).doesNotContain("ERROR").doesNotContain("Connection reset")
          .doesNotContain("First received frame");
    }
  }

  private static void reset(byte[] sent) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", APP.port())) {
      socket.getOutputStream().write(sent);
      socket.getOutputStream().flush();
      sleep();
      socket.setSoLinger(true, 0);
    }
    sleep();
  }

  /** Lets the server read what was sent (and then the reset) before the next step. */
  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
