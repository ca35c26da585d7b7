package dev.brisk.load;

import java.time.Duration;

/**
 * Intended send times of an open-model (constant arrival rate) run: request {@code i} is due at
 * {@code start + floor(i * 1e9 / rate)} nanoseconds, whatever happened to earlier requests. Integer
 * arithmetic keeps the schedule exact over long runs (no accumulated drift).
 *
 * <p>Immutable; any thread.
 */
final class ArrivalSchedule {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long startNanos;
  private final long ratePerSecond;
  private final long count;

  /**
   * A schedule of {@code rate * duration} requests starting at {@code startNanos}.
   *
   * @param startNanos intended time of request 0 on the generator's nano clock
   * @param ratePerSecond arrivals per second, at least 1
   * @param duration how long the schedule lasts; at least one request is scheduled
   */
  ArrivalSchedule(long startNanos, long ratePerSecond, Duration duration) {
    if (ratePerSecond < 1) {
      throw new IllegalArgumentException("rate must be >= 1/s, was " + ratePerSecond);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be > 0, was " + duration);
    }
    this.startNanos = startNanos;
    this.ratePerSecond = ratePerSecond;
    this.count = Math.max(1, Math.multiplyExact(ratePerSecond, duration.toNanos())
        / NANOS_PER_SECOND);
  }

  /** How many requests the schedule holds. */
  long count() {
    return count;
  }

  /** Requests per second. */
  long rate() {
    return ratePerSecond;
  }

  /** Intended send time of request {@code i} (0-based). */
  long intendedNanos(long i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("request " + i + " of " + count);
    }
    return startNanos + Math.multiplyExact(i, NANOS_PER_SECOND) / ratePerSecond;
  }

  /**
   * How many requests are due at {@code nowNanos}: the number of {@code i} whose intended time is
   * at or before {@code now}, capped at {@link #count()}.
   */
  long dueBy(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    if (elapsed < 0) {
      return 0;
    }
    // floor(i * 1e9 / rate) <= elapsed  <=>  i < (elapsed + 1) * rate / 1e9
    long scaled = Math.multiplyExact(elapsed + 1, ratePerSecond);
    long due = (scaled + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    return Math.min(due, count);
  }
}
