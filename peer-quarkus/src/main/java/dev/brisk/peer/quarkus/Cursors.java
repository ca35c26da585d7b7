package dev.brisk.peer.quarkus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsigned keyset cursors, as the baseline and the WebFlux peer write them. */
final class Cursors {

  private Cursors() {
  }

  /** {@code parts} joined with {@code :}, base64url without padding. */
  static String encode(Object... parts) {
    StringBuilder b = new StringBuilder();
    for (Object p : parts) {
      b.append(b.length() == 0 ? "" : ":").append(p);
    }
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code n} numbers of {@code cursor}; a 400 problem when it is not such a cursor. */
  static long[] decode(String cursor, int n) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
          .split(":", -1);
      if (parts.length != n) {
        throw new IllegalArgumentException("cursor");
      }
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = Long.parseLong(parts[i]);
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new Problem(400, "invalid cursor");
    }
  }

  /** {@code raw} as a page size in 1..100 (default 20); a 400 problem otherwise. */
  static int limit(String raw) {
    try {
      int limit = raw == null ? 20 : Integer.parseInt(raw);
      if (limit >= 1 && limit <= 100) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Answered below like an out-of-range number.
    }
    throw new Problem(400, "limit must be 1..100");
  }
}
