package dev.brisk.throttle;

import com.netflix.concurrency.limits.limit.AbstractLimit;

/**
 * A concurrency limit that keeps queueing delay short: it compares the average latency of a short
 * window (100 ms, at least 10 samples) with {@code tolerance} times the lowest such window
 * average of the last 10 to 20 seconds (two rotating halves, so the baseline follows a slower
 * service within 20 s instead of creeping up with the load as Gradient2's long average does; a
 * window average, not a single fastest request, so a mix of cheap and costly routes keeps a
 * fair baseline). Above the target the limit shrinks by the ratio (at most halving per window);
 * at or below it, the limit grows by its square root. Both only while at least half of the
 * limit is in use: a latency rise with most of the limit unused (a pause, a failover) is not
 * caused by concurrency, and shrinking then would only shed the next burst. A window with a
 * dropped request (503/504) shrinks it by at least 10%. While every window of a half was
 * saturated (in flight near the limit) the old baseline is kept, so a sustained overload cannot
 * raise its own baseline; a service that really got slower is then followed once demand falls
 * below the limit. Time comes from the samples (start + rtt), so tests need no clock.
 * Thread-safe (the base class synchronizes).
 */
final class QueueDelayLimit extends AbstractLimit {

  static final long WINDOW_NANOS = 100_000_000L;
  static final int MIN_SAMPLES = 10;
  static final long MIN_RTT_HALF_NANOS = 10_000_000_000L;

  private final int minLimit;
  private final int maxLimit;
  private final double tolerance;
  private double estimate;
  private long windowStart = Long.MIN_VALUE;
  private long rttSum;
  private int samples;
  private int maxInFlight;
  private boolean dropped;
  private long halfStart = Long.MIN_VALUE;
  private long minPrevious = Long.MAX_VALUE;
  private long minCurrent = Long.MAX_VALUE;
  private boolean halfSaturated = true;

  QueueDelayLimit(int initialLimit, int minLimit, int maxLimit, double tolerance) {
    super(initialLimit);
    this.estimate = initialLimit;
    this.minLimit = minLimit;
    this.maxLimit = maxLimit;
    this.tolerance = tolerance;
  }

  @Override
  protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
    long now = startTime + rtt;
    if (windowStart == Long.MIN_VALUE) {
      windowStart = now;
    }
    rttSum += rtt;
    samples++;
    maxInFlight = Math.max(maxInFlight, inflight);
    dropped |= didDrop;
    if (now - windowStart < WINDOW_NANOS || samples < MIN_SAMPLES) {
      return (int) estimate;
    }
    long average = rttSum / samples;
    trackMinimum(now, average, maxInFlight >= 0.9 * estimate);
    estimate = next(average);
    windowStart = now;
    rttSum = 0;
    samples = 0;
    maxInFlight = 0;
    dropped = false;
    return (int) estimate;
  }

  private double next(long average) {
    boolean saturated = maxInFlight * 2 >= estimate;
    if (!saturated && !dropped) {
      // Latency that rose while most of the limit sat unused was not caused by concurrency
      // (a collection pause, a failover, a slow dependency): a lower limit would not help now
      // and would shed the next burst.
      return estimate;
    }
    double target = tolerance * Math.min(minPrevious, minCurrent);
    double gradient = Math.max(0.5, Math.min(1.0, target / Math.max(1, average)));
    if (dropped) {
      gradient = Math.min(gradient, 0.9);
    }
    double grown = estimate * gradient;
    if (gradient >= 1.0 && saturated) {
      grown += Math.sqrt(estimate);
    }
    return Math.max(minLimit, Math.min(maxLimit, grown));
  }

  /** The minimum over two rotating halves: forgets a minimum after 10 to 20 s. */
  private void trackMinimum(long now, long average, boolean saturated) {
    if (halfStart == Long.MIN_VALUE) {
      halfStart = now;
    } else if (now - halfStart >= MIN_RTT_HALF_NANOS) {
      minPrevious = halfSaturated ? Math.min(minPrevious, minCurrent) : minCurrent;
      minCurrent = Long.MAX_VALUE;
      halfStart = now;
      halfSaturated = true;
    }
    halfSaturated &= saturated;
    minCurrent = Math.min(minCurrent, Math.max(1, average));
  }
}
