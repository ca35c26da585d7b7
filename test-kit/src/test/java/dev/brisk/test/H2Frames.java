package dev.brisk.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Raw HTTP/2 frames for tests that must send what no well-behaved client would. */
public final class H2Frames {

  /** The client connection preface. */
  public static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private H2Frames() {
  }

  /** Appends one frame: its 9-byte header, then {@code payload}. */
  public static void frame(ByteArrayOutputStream out, int type, int flags, int stream,
      byte[] payload) {
    out.write(payload.length >>> 16);
    out.write(payload.length >>> 8);
    out.write(payload.length);
    out.write(type);
    out.write(flags);
    out.writeBytes(new byte[] {(byte) (stream >>> 24), (byte) (stream >>> 16),
        (byte) (stream >>> 8), (byte) stream});
    out.writeBytes(payload);
  }

  /**
   * The HPACK block of {@code GET http://localhost<path>}: {@code :method GET} and
   * {@code :scheme http} from the static table, {@code :path} and {@code :authority} as literals
   * with indexed names, not added to the dynamic table.
   */
  public static byte[] get(String path) {
    byte[] p = path.getBytes(StandardCharsets.US_ASCII);
    byte[] authority = "localhost".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.write(0x82);
    block.write(0x86);
    block.write(0x04);
    block.write(p.length);
    block.writeBytes(p);
    block.write(0x01);
    block.write(authority.length);
    block.writeBytes(authority);
    return block.toByteArray();
  }
}
