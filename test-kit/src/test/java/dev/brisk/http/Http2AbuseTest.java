package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.H2Frames;
import dev.brisk.test.TestBrisk;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the HTTP/2 flood limits (docs/http.md, "Abusive HTTP/2 clients"): Vert.x's and Netty's
 * end each abuse in {@code GOAWAY ENHANCE_YOUR_CALM} well before the client stops sending, so a
 * change of defaults or a dependency upgrade that loses one fails here; Brisk's own
 * ({@code Http2FrameGuard}) closes a connection flooding frames they do not count.
 */
class Http2AbuseTest {

  private static final int ENHANCE_YOUR_CALM = 11;
  private static final int GOAWAY = 7;

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
  void rapid_reset_is_a_goaway() throws IOException {
    // HEADERS then RST_STREAM CANCEL, 1000 times (CVE-2023-44487).
    assertGoAwayWhileSending((out, stream) -> {
      headers(out, stream);
      H2Frames.frame(out, 3, 0, stream, new byte[] {0, 0, 0, 8});
    });
  }

  @Test
  void streams_the_server_must_reset_are_a_goaway() throws IOException {
    // HEADERS then a WINDOW_UPDATE of 0 on the stream, which the server resets, 1000 times
    // ("MadeYouReset", CVE-2025-8671).
    assertGoAwayWhileSending((out, stream) -> {
      headers(out, stream);
      H2Frames.frame(out, 8, 0, stream, new byte[] {0, 0, 0, 0});
    });
  }

  @Test
  void empty_data_frames_are_a_goaway() throws IOException {
    assertGoAwayWhileSending((out, stream) -> {
      if (stream == 1) {
        H2Frames.frame(out, 1, 4, 1, H2Frames.get("/health/live"));
      }
      H2Frames.frame(out, 0, 0, 1, new byte[0]);
    });
  }

  @Test
  void floods_of_cheap_frames_close_the_connection() throws IOException {
    // WINDOW_UPDATE, PRIORITY and a frame type HTTP/2 does not define: each costs the server
    // only its reading, and neither Netty nor Vert.x bounds them.
    ByteArrayOutputStream out = preface();
    cheapFrames(out, 30_000);
    assertThat(closedAfterSending(out.toByteArray())).isTrue();
  }

  @Test
  void floods_of_cheap_frames_after_an_h2c_upgrade_close_the_connection() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("GET /health/live HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
        + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(preface().toByteArray());
    cheapFrames(out, 30_000);
    assertThat(closedAfterSending(out.toByteArray())).isTrue();
  }

  @Test
  void a_client_within_the_budget_keeps_its_connection() throws IOException {
    ByteArrayOutputStream out = preface();
    cheapFrames(out, 3_000);
    headers(out, 1);
    try (Socket socket = new Socket("127.0.0.1", APP.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      socket.getOutputStream().write(out.toByteArray());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      // Frames until the answer on stream 1 (HEADERS, then DATA with END_STREAM).
      while (true) {
        int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt();
        in.readNBytes(length);
        assertThat(type).as("no GOAWAY").isNotEqualTo(GOAWAY);
        if (stream == 1 && (flags & 1) != 0) {
          break;
        }
      }
    }
  }

  /** The connection preface and an empty SETTINGS frame. */
  private static ByteArrayOutputStream preface() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(H2Frames.PREFACE);
    H2Frames.frame(out, 4, 0, 0, new byte[0]);
    return out;
  }

  private static void cheapFrames(ByteArrayOutputStream out, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      switch (i % 3) {
        case 0 -> H2Frames.frame(out, 8, 0, 0, new byte[] {0, 0, 0, 1});
        case 1 -> H2Frames.frame(out, 2, 0, 3, new byte[] {0, 0, 0, 0, 15});
        default -> H2Frames.frame(out, 0x20, 0, 0, new byte[] {1, 2, 3});
      }
    }
  }

  /** Whether the server closes the connection within 10 s of {@code bytes}. */
  private static boolean closedAfterSending(byte[] bytes) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", APP.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      try {
        socket.getOutputStream().write(bytes);
      } catch (SocketException closedWhileWriting) {
        return true;
      }
      try {
        while (socket.getInputStream().read(new byte[8192]) >= 0) {
          // the server's SETTINGS, acknowledgements and answers
        }
        return true;
      } catch (SocketException reset) {
        return true;
      } catch (SocketTimeoutException stillOpen) {
        return false;
      }
    }
  }

  private interface Abuse {
    void write(ByteArrayOutputStream out, int stream) throws IOException;
  }

  private static void assertGoAwayWhileSending(Abuse abuse) throws IOException {
    ByteArrayOutputStream out = preface();
    for (int i = 0; i < 1000; i++) {
      abuse.write(out, 1 + 2 * i);
    }
    try (Socket socket = new Socket("127.0.0.1", APP.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
      try {
        socket.getOutputStream().write(out.toByteArray());
      } catch (SocketException closedWhileWriting) {
        // The server closed the connection before taking everything: what is asserted below.
      }
      assertThat(goAwayError(new DataInputStream(socket.getInputStream())))
          .isEqualTo(ENHANCE_YOUR_CALM);
    }
  }

  /** Reads frames until a GOAWAY and returns its error code; -1 if the connection ends first. */
  private static int goAwayError(DataInputStream in) throws IOException {
    try {
      while (true) {
        int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        in.readInt();
        byte[] payload = in.readNBytes(length);
        if (type == GOAWAY) {
          return (payload[4] & 0xff) << 24 | (payload[5] & 0xff) << 16
              | (payload[6] & 0xff) << 8 | payload[7] & 0xff;
        }
      }
    } catch (EOFException | SocketException ended) {
      return -1;
    }
  }

  /** HEADERS with END_STREAM and END_HEADERS: {@code GET http://localhost/health/live}. */
  private static void headers(ByteArrayOutputStream out, int stream) throws IOException {
    H2Frames.frame(out, 1, 5, stream, H2Frames.get("/health/live"));
  }


}
