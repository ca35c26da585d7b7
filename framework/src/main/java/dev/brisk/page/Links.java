package dev.brisk.page;

import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds RFC 8288 link values. Internal. */
final class Links {

  /** The query parameter carrying the cursor. */
  static final String CURSOR = "cursor";

  private Links() {
  }

  static String link(String path, MultiMap query, String cursor, String rel) {
    StringBuilder sb = new StringBuilder(path.length() + 96).append('<').append(path).append('?');
    for (Map.Entry<String, String> e : query) {
      if (!CURSOR.equals(e.getKey())) {
        sb.append(encode(e.getKey())).append('=').append(encode(e.getValue())).append('&');
      }
    }
    sb.append(CURSOR).append('=').append(encode(cursor));
    return sb.append(">; rel=\"").append(rel).append('"').toString();
  }

  /**
   * Percent-encodes a query component; spaces become {@code %20}, not {@code +}, and characters
   * RFC 3986 allows in a query value stay readable ({@code fields=id,category(name)}).
   */
  static String encode(String s) {
    String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8);
    if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
      return encoded;
    }
    return encoded.replace("+", "%20").replace("%2C", ",").replace("%28", "(")
        .replace("%29", ")").replace("%3A", ":").replace("%2F", "/").replace("%7E", "~");
  }
}
