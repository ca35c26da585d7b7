package dev.brisk.imports;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * Skips the header of a gzip member (RFC 1952) that may arrive split across chunks, so a raw
 * {@link java.util.zip.Inflater} can read what follows. Not thread-safe.
 */
final class GzipHeader {

  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private ByteArrayOutputStream pending = new ByteArrayOutputStream();

  /** The bytes of {@code chunk} after the header; empty while the header is incomplete. */
  byte[] strip(byte[] chunk) throws DataFormatException {
    if (pending == null) {
      return chunk;
    }
    pending.writeBytes(chunk);
    byte[] all = pending.toByteArray();
    int length = headerLength(all);
    if (length < 0) {
      if (all.length > MAX_HEADER_BYTES) {
        throw new DataFormatException("gzip header longer than " + MAX_HEADER_BYTES + " bytes");
      }
      return new byte[0];
    }
    pending = null;
    return Arrays.copyOfRange(all, length, all.length);
  }

  /** The header's length, or -1 when {@code b} does not hold all of it yet. */
  static int headerLength(byte[] b) throws DataFormatException {
    if (b.length < 10) {
      return -1;
    }
    if ((b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b || b[2] != 8) {
      throw new DataFormatException("not a gzip stream");
    }
    int flags = b[3] & 0xff;
    int i = 10;
    if ((flags & FEXTRA) != 0) {
      if (b.length < i + 2) {
        return -1;
      }
      i += 2 + ((b[i] & 0xff) | (b[i + 1] & 0xff) << 8);
    }
    if ((flags & FNAME) != 0) {
      i = afterZero(b, i);
    }
    if (i >= 0 && (flags & FCOMMENT) != 0) {
      i = afterZero(b, i);
    }
    if (i >= 0 && (flags & FHCRC) != 0) {
      i += 2;
    }
    return i >= 0 && i <= b.length ? i : -1;
  }

  private static int afterZero(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i + 1;
      }
    }
    return -1;
  }
}
