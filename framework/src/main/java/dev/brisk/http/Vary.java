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
    // Scans in place: this runs for most responses, so no split arrays nor trimmed copies.
    for (int from = 0; from <= names.length(); ) {
      int end = entryEnd(names, from);
      int start = nameStart(names, from, end);
      int stop = nameEnd(names, start, end);
      if (stop > start && !lists(grown, names, start, stop)) {
        String name = names.substring(start, stop);
        grown = grown.isEmpty() ? name : grown + ", " + name;
      }
      from = end + 1;
    }
    if (!grown.equals(value)) {
      headers.set(HttpHeaders.VARY, grown);
    }
  }

  /** Whether {@code vary} lists the name at {@code names[start, stop)}, ignoring case. */
  private static boolean lists(String vary, String names, int start, int stop) {
    int length = stop - start;
    for (int from = 0; from < vary.length(); ) {
      int end = entryEnd(vary, from);
      int listed = nameStart(vary, from, end);
      if (nameEnd(vary, listed, end) - listed == length
          && vary.regionMatches(true, listed, names, start, length)) {
        return true;
      }
      from = end + 1;
    }
    return false;
  }

  /** The end of the list entry starting at {@code from}: its comma or the end of {@code s}. */
  private static int entryEnd(String s, int from) {
    int comma = s.indexOf(',', from);
    return comma < 0 ? s.length() : comma;
  }

  private static int nameStart(String s, int from, int end) {
    while (from < end && s.charAt(from) == ' ') {
      from++;
    }
    return from;
  }

  private static int nameEnd(String s, int start, int end) {
    while (end > start && s.charAt(end - 1) == ' ') {
      end--;
    }
    return end;
  }
}
