package dev.brisk.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * When an {@link Outbound}'s circuit breaker opens and how it recovers. It opens when, over the
 * last {@code window}, at least {@code minimumCalls} calls finished and either the failure rate
 * reached {@code failureRateThreshold} or the share of calls slower than {@code slowCallDuration}
 * reached {@code slowCallRateThreshold}. It stays open for {@code openDuration}, then lets
 * {@code halfOpenProbes} calls through: all succeeding closes it, any failing reopens it.
 *
 * <p>{@code BreakerOptions.defaults().withOpenDuration(Duration.ofSeconds(10))}
 *
 * @param window rolling window the rates are computed over (10 buckets)
 * @param minimumCalls calls the window needs before a rate can open the breaker
 * @param failureRateThreshold failed calls / calls, in (0, 1]
 * @param slowCallRateThreshold slow calls / calls, in (0, 1]
 * @param slowCallDuration a call taking at least this long (retries included) is slow
 * @param openDuration how long calls are short-circuited before probes are let through
 * @param halfOpenProbes calls let through while half-open
 */
public record BreakerOptions(Duration window, int minimumCalls, double failureRateThreshold,
    double slowCallRateThreshold, Duration slowCallDuration, Duration openDuration,
    int halfOpenProbes) {

  public BreakerOptions {
    positive("window", window);
    positive("slowCallDuration", slowCallDuration);
    positive("openDuration", openDuration);
    if (minimumCalls < 1) {
      throw new IllegalArgumentException("minimumCalls must be >= 1, was " + minimumCalls);
    }
    rate("failureRateThreshold", failureRateThreshold);
    rate("slowCallRateThreshold", slowCallRateThreshold);
    if (halfOpenProbes < 1) {
      throw new IllegalArgumentException("halfOpenProbes must be >= 1, was " + halfOpenProbes);
    }
  }

  /** 10 s window, 10 calls minimum, 50% failures or 80% calls over 1 s, open 5 s, 3 probes. */
  public static BreakerOptions defaults() {
    return new BreakerOptions(Duration.ofSeconds(10), 10, 0.5, 0.8, Duration.ofSeconds(1),
        Duration.ofSeconds(5), 3);
  }

  public BreakerOptions withMinimumCalls(int n) {
    return new BreakerOptions(window, n, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, openDuration, halfOpenProbes);
  }

  public BreakerOptions withFailureRateThreshold(double rate) {
    return new BreakerOptions(window, minimumCalls, rate, slowCallRateThreshold,
        slowCallDuration, openDuration, halfOpenProbes);
  }

  public BreakerOptions withSlowCalls(double rate, Duration duration) {
    return new BreakerOptions(window, minimumCalls, failureRateThreshold, rate, duration,
        openDuration, halfOpenProbes);
  }

  public BreakerOptions withOpenDuration(Duration d) {
    return new BreakerOptions(window, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, d, halfOpenProbes);
  }

  public BreakerOptions withHalfOpenProbes(int n) {
    return new BreakerOptions(window, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, openDuration, n);
  }

  static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + d);
    }
  }

  static void rate(String name, double rate) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + rate);
    }
  }
}
