package dev.brisk.internal;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte array that protobuf wire format is written into in one forward pass: a nested
 * message's length is reserved before its fields are written and filled in afterwards, its
 * bytes moved once when the guessed width was wrong. Mutable: one per thread.
 */
final class ProtoOut {

  private byte[] buf = new byte[1024];
  private int len;

  void reset() {
    len = 0;
  }

  int length() {
    return len;
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, len);
  }

  int capacity() {
    return buf.length;
  }

  /**
   * Appends a pre-encoded tag (a few bytes: a loop beats an array copy) and makes room for a
   * fixed-width value or varint after it.
   */
  void tag(byte[] tag) {
    ensure(tag.length + 10);
    if (tag.length == 1) {
      buf[len++] = tag[0];
      return;
    }
    for (byte b : tag) {
      buf[len++] = b;
    }
  }

  /** Appends what was written to {@code buffer}. */
  void appendTo(Buffer buffer) {
    buffer.appendBytes(buf, 0, len);
  }

  /** Appends bytes as they are. */
  void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  /** An unsigned varint of up to 64 bits (negative int64/int32 values take ten bytes). */
  void varint(long v) {
    ensure(10);
    byte[] b = buf;
    int p = len;
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    len = p;
  }

  void fixed32(int v) {
    ensure(4);
    buf[len] = (byte) v;
    buf[len + 1] = (byte) (v >> 8);
    buf[len + 2] = (byte) (v >> 16);
    buf[len + 3] = (byte) (v >> 24);
    len += 4;
  }

  void fixed64(long v) {
    fixed32((int) v);
    fixed32((int) (v >> 32));
  }

  /**
   * A length-delimited string: its UTF-8 bytes as {@code String.getBytes} gives them (unpaired
   * surrogates become {@code ?}, as {@code CodedOutputStream} writes them too).
   */
  void string(String s) {
    int n = s.length();
    if (n < 0x80 && ascii(s, n)) {
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    varint(bytes.length);
    raw(bytes);
  }

  /** Writes a short string of ASCII only (length byte and chars); false, writing nothing, else. */
  private boolean ascii(String s, int n) {
    ensure(n + 1);
    byte[] b = buf;
    int p = len + 1;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      b[p++] = (byte) c;
    }
    b[len] = (byte) n;
    len = p;
    return true;
  }

  /**
   * Reserves {@code width} bytes for the length of a nested message (a guess: the width the
   * same field needed last time); pass the result to {@link #close}.
   */
  int open(int width) {
    ensure(width);
    len += width;
    return len - width;
  }

  /**
   * Writes the length of the message opened at {@code at} with {@code reserved} bytes, moving
   * its bytes when the length needs another width; returns the width it needed.
   */
  int close(int at, int reserved) {
    int start = at + reserved;
    int size = len - start;
    int width = 1;
    for (int v = size >>> 7; v != 0; v >>>= 7) {
      width++;
    }
    if (width != reserved) {
      ensure(width - reserved);
      System.arraycopy(buf, start, buf, at + width, size);
      len += width - reserved;
    }
    int p = at;
    int v = size;
    while ((v & ~0x7F) != 0) {
      buf[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[p] = (byte) v;
    return width;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
