package dev.brisk.resilience;

import java.time.Duration;

/**
 * Parses {@code Retry-After} in its delay-seconds form; the HTTP-date form would need the wall
 * clock and is treated as absent.
 */
final class RetryAfter {

  private static final long MAX_SECONDS = 3600;

  private RetryAfter() {
  }

  /** The delay, capped at an hour; null when absent or not delay-seconds. */
  static Duration parse(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, MAX_SECONDS));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
