package dev.brisk.page;

import dev.brisk.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binds a cursor to the query it was minted for: the first 8 bytes of SHA-256 over a canonical
 * encoding of the sort (name, then each column's name and direction, so a redefined sort refuses
 * old cursors) and the filters (sorted by name, null values dropped, each value by its
 * {@code toString()}), every string length-prefixed so no two inputs collide by concatenation.
 * Thread-safe. Internal.
 */
final class FilterHash {

  private static final byte[] DOMAIN = "brisk.page.filters.v1".getBytes(StandardCharsets.UTF_8);

  private FilterHash() {
  }

  static long of(Sort sort, Map<String, ?> filters) {
    MessageDigest sha = Sha256.digest();
    sha.update(DOMAIN);
    update(sha, sort.name());
    for (SortColumn c : sort.columns()) {
      update(sha, (c.descending() ? "-" : "+") + c.name());
    }
    for (Map.Entry<String, ?> e : new TreeMap<String, Object>(filters).entrySet()) {
      if (e.getValue() != null) {
        update(sha, e.getKey());
        update(sha, e.getValue().toString());
      }
    }
    byte[] digest = sha.digest();
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (digest[i] & 0xFF);
    }
    return h;
  }

  private static void update(MessageDigest sha, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int n = utf8.length;
    sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    sha.update(utf8);
  }
}
