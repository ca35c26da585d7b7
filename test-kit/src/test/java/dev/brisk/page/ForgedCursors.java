package dev.brisk.page;

import java.util.Arrays;
import java.util.List;

/**
 * Cursors as a holder of the signing key could forge them: a real token's header (filters,
 * direction, issue time) with other keys, correctly signed. For tests outside this package.
 */
public final class ForgedCursors {

  private ForgedCursors() {
  }

  /** {@code token}, decoded with {@code key}, carrying {@code keys} instead, signed again. */
  public static String withKeys(String token, byte[] key, Object... keys) {
    CursorCodec codec = new CursorCodec(List.of(key));
    Cursor c = codec.decode(token);
    return codec.encode(new Cursor(c.direction(), c.inclusive(), Arrays.asList(keys),
        c.filterHash(), c.issuedAtSeconds()));
  }
}
