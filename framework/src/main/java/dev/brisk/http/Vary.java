package dev.brisk.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/** Grows a response's {@code Vary} header name by name. Pure; runs on the caller's thread. */
final class Vary {

  private Vary() {
  }

  /**
   * Appends each name of {@code names} (a list as {@code Vary} spells it, e.g.
   * {@code "X-API-Key, Authorization"}) that {@code Vary} does not list yet; names compare
   * case-insensitively, and a {@code Vary: *} stays as it is.
   */
  static void add(MultiMap headers, String names) {
    String vary = headers.get(HttpHeaders.VARY);
    String value = vary == null ? "" : vary.trim();
    if (value.equals("*")) {
      return;
    }
    String grown = value;
    for (String entry : names.split(",")) {
      String name = entry.trim();
      if (!lists(grown, name)) {
        grown = grown.isEmpty() ? name : grown + ", " + name;
      }
    }
    if (!grown.equals(value)) {
      headers.set(HttpHeaders.VARY, grown);
    }
  }

  private static boolean lists(String vary, String name) {
    for (String listed : vary.split(",")) {
      if (listed.trim().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
