package dev.brisk.throttle;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One token bucket of a tier's rate limit: {@code rate} requests per {@code period}, with room
 * for {@code burst} at once. A tier may combine several (per second and per hour).
 *
 * <p>{@code Bandwidth.parse("10/s:20")} is 10 requests per second, bursts up to 20.
 *
 * @param rate requests (cost units) refilled per period
 * @param period the refill period
 * @param burst bucket capacity: the most requests allowed at once
 */
public record Bandwidth(long rate, Duration period, long burst) {

  /** Validates the values. */
  public Bandwidth {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be >= 1, was " + rate);
    }
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be > 0, was " + period);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1, was " + burst);
    }
  }

  /**
   * Parses {@code RATE/PERIOD[:BURST]}: period {@code s}, {@code m}, {@code h}, {@code d} or an
   * ISO-8601 duration ({@code PT10S}); burst defaults to the rate.
   *
   * @throws IllegalArgumentException naming the malformed text
   */
  public static Bandwidth parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    int colon = t.indexOf(':');
    if (slash < 1) {
      throw new IllegalArgumentException("bandwidth must look like 10/s:20, was '" + text + "'");
    }
    try {
      long rate = Long.parseLong(t.substring(0, slash).trim());
      String period = colon < 0 ? t.substring(slash + 1) : t.substring(slash + 1, colon);
      long burst = colon < 0 ? rate : Long.parseLong(t.substring(colon + 1).trim());
      return new Bandwidth(rate, period(period.trim()), burst);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bandwidth must look like 10/s:20, was '" + text
          + "': " + e.getMessage(), e);
    }
  }

  private static Duration period(String p) {
    return switch (p.toLowerCase(Locale.ROOT)) {
      case "s", "1s" -> Duration.ofSeconds(1);
      case "m", "1m" -> Duration.ofMinutes(1);
      case "h", "1h" -> Duration.ofHours(1);
      case "d", "1d" -> Duration.ofDays(1);
      default -> Duration.parse(p.toUpperCase(Locale.ROOT));
    };
  }

  /** Time between two tokens (the GCRA emission interval), in microseconds. */
  long intervalMicros() {
    return Math.max(1, period.toNanos() / 1000 / rate);
  }

  /** The time a full bucket takes to refill, in whole seconds (at least 1): the window. */
  long windowSeconds() {
    return Math.max(1, (intervalMicros() * burst + 999_999) / 1_000_000);
  }

  @Override
  public String toString() {
    return rate + "/" + period + ":" + burst;
  }
}
