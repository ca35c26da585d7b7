package dev.brisk.http;

import io.vertx.core.http.HttpHeaders;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} field every response carries (RFC 9110 section 6.6.1: an origin server with
 * a clock must send it on 2xx, 3xx and 4xx answers; caches compute a response's age from it), in
 * the IMF-fixdate form ({@code Sat, 05 Dec 2026 05:02:26 GMT}). Formatted once per second and
 * shared by every event loop: {@code response.putHeader(HttpDate.NAME, HttpDate.now())}.
 */
final class HttpDate {

  static final CharSequence NAME = HttpHeaders.createOptimized("Date");

  private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private static volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

  private HttpDate() {
  }

  /** The current second as a {@code Date} value. */
  static CharSequence now() {
    return at(System.currentTimeMillis());
  }

  /** {@code epochMillis} truncated to the second, as a {@code Date} value. */
  static CharSequence at(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    Stamp stamp = last;
    if (stamp.second() != second) {
      stamp = new Stamp(second, HttpHeaders.createOptimized(
          IMF_FIXDATE.format(Instant.ofEpochSecond(second))));
      last = stamp;
    }
    return stamp.value();
  }

  private record Stamp(long second, CharSequence value) {
  }
}
