package dev.brisk.page;

import java.util.Arrays;

/** Minimal byte buffers with zigzag varints for the cursor format. Internal. */
final class Bytes {

  private Bytes() {
  }

  /** A growable output buffer. */
  static final class Writer {
    private byte[] buf = new byte[64];
    private int len;

    Writer put(int b) {
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, len * 2);
      }
      buf[len++] = (byte) b;
      return this;
    }

    Writer put(byte[] bytes) {
      for (byte b : bytes) {
        put(b);
      }
      return this;
    }

    Writer putLong64(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        put((int) (v >>> shift));
      }
      return this;
    }

    /** Unsigned LEB128 varint. */
    Writer putVarint(long v) {
      while ((v & ~0x7FL) != 0) {
        put((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      return put((int) v);
    }

    /** Zigzag so small negative numbers stay short. */
    Writer putSigned(long v) {
      return putVarint((v << 1) ^ (v >> 63));
    }

    int length() {
      return len;
    }

    byte[] toArray() {
      return Arrays.copyOf(buf, len);
    }
  }

  /** A bounds-checked reader; every overrun throws {@link IllegalArgumentException}. */
  static final class Reader {
    private final byte[] buf;
    private final int end;
    private int pos;

    Reader(byte[] buf, int start, int end) {
      this.buf = buf;
      this.pos = start;
      this.end = end;
    }

    int get() {
      if (pos >= end) {
        throw new IllegalArgumentException("truncated");
      }
      return buf[pos++] & 0xFF;
    }

    byte[] get(int n) {
      if (n < 0 || n > remaining()) {
        throw new IllegalArgumentException("length " + n + " exceeds input");
      }
      byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return out;
    }

    long getLong64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | get();
      }
      return v;
    }

    long getVarint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = get();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    long getSigned() {
      long v = getVarint();
      return (v >>> 1) ^ -(v & 1);
    }

    /** A varint that must fit a non-negative int no larger than what is left to read. */
    int getLength() {
      long n = getVarint();
      if (n < 0 || n > remaining()) {
        throw new IllegalArgumentException("length " + n + " exceeds input");
      }
      return (int) n;
    }

    int remaining() {
      return end - pos;
    }
  }
}
