package dev.brisk.throttle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The adaptive concurrency limit in front of handlers, per event loop.
 *
 * <p>{@code ConcurrencyOptions.defaults().withMaxQueue(32)}
 *
 * @param enabled whether requests are admitted through the limit; default true
 * @param algorithm {@code queue-delay} (the default: Brisk's {@link QueueDelayLimit},
 *     short-window latency against a recent baseline), {@code gradient2}, {@code vegas} or
 *     {@code aimd} (Netflix concurrency-limits; aimd shrinks the limit by a tenth whenever a
 *     request takes longer than {@code latencyTarget}); Gradient2's baseline rises with a
 *     sustained overload (docs/throttling.md#algorithms)
 * @param initialLimit concurrent requests allowed before any latency is measured; default 64
 * @param minLimit the limit never goes below this; default 8 (a latency rise that is not
 *     overload, such as a database failover, must not shed a handful of requests:
 *     docs/throttling.md#tuning)
 * @param maxLimit the limit never goes above this; default 1024
 * @param maxQueue requests that may wait for a slot; default 64
 * @param queueTimeout how long a request may wait for a slot before 503; default 10 ms (under a
 *     sustained overload every admitted request has waited about this long)
 * @param maxEventLoopLag event-loop lag at which the limit is halved; default 50 ms
 * @param maxDbWaiting requests waiting for a database connection at which the limit is halved;
 *     default 64
 * @param lowestTierShare share of the limit the lowest tier may use; tiers in between scale up
 *     to 1.0 for the highest; default 0.5
 * @param retryAfter {@code Retry-After} on a shed request; default 1 s
 * @param latencyTolerance queue-delay only: how far above its baseline the short-window average
 *     latency may rise before the limit shrinks; default 2.0
 * @param reservedShares share of the limit reserved for a tier by name, kept free for it up to
 *     its recent peak demand; the sum must be below 1; default internal 0.5, pro 0.1
 * @param latencyTarget aimd only: an admitted request slower than this shrinks the limit; set it
 *     to the latency the service promises (e.g. its p99 objective); default 100 ms
 */
public record ConcurrencyOptions(boolean enabled, String algorithm, int initialLimit,
    int minLimit, int maxLimit, int maxQueue, Duration queueTimeout, Duration maxEventLoopLag,
    int maxDbWaiting, double lowestTierShare, Duration retryAfter, double latencyTolerance,
    Map<String, Double> reservedShares, Duration latencyTarget) {

  private static final List<String> ALGORITHMS =
      List.of("queue-delay", "gradient2", "vegas", "aimd");

  /** Validates the options. */
  public ConcurrencyOptions {
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("algorithm must be queue-delay, gradient2, vegas or "
          + "aimd, was '" + algorithm + "'");
    }
    // Each message names one field, so that a startup error names the setting it came from.
    if (minLimit < 1) {
      throw new IllegalArgumentException("minLimit must be >= 1, was " + minLimit);
    }
    if (maxLimit < minLimit) {
      throw new IllegalArgumentException("maxLimit must be >= minLimit (" + minLimit + "), was "
          + maxLimit);
    }
    if (initialLimit < minLimit || initialLimit > maxLimit) {
      throw new IllegalArgumentException("initialLimit must be from minLimit (" + minLimit
          + ") to maxLimit (" + maxLimit + "), was " + initialLimit);
    }
    if (maxQueue < 0) {
      throw new IllegalArgumentException("maxQueue must be >= 0, was " + maxQueue);
    }
    positive("queueTimeout", queueTimeout);
    positive("maxEventLoopLag", maxEventLoopLag);
    positive("retryAfter", retryAfter);
    positive("latencyTarget", latencyTarget);
    if (maxDbWaiting < 1) {
      throw new IllegalArgumentException("maxDbWaiting must be >= 1, was " + maxDbWaiting);
    }
    if (!(lowestTierShare > 0 && lowestTierShare <= 1)) {
      throw new IllegalArgumentException("lowestTierShare must be in (0, 1], was "
          + lowestTierShare);
    }
    if (!(latencyTolerance > 1)) {
      throw new IllegalArgumentException("latencyTolerance must be > 1, was " + latencyTolerance);
    }
    reservedShares = Map.copyOf(reservedShares);
    double sum = 0;
    for (Map.Entry<String, Double> e : reservedShares.entrySet()) {
      if (!(e.getValue() >= 0 && e.getValue() < 1)) {
        throw new IllegalArgumentException("reserved share of " + e.getKey()
            + " must be in [0, 1), was " + e.getValue());
      }
      sum += e.getValue();
    }
    if (sum >= 1) {
      throw new IllegalArgumentException("reserved shares must sum to less than 1, were "
          + reservedShares);
    }
  }

  /**
   * Queue-delay from 64 (8 to 1024), queue of 64 for 10 ms, halved at 50 ms lag or 64 DB
   * waiters; half the limit reserved for internal, a tenth for pro.
   */
  public static ConcurrencyOptions defaults() {
    return new ConcurrencyOptions(true, "queue-delay", 64, 8, 1024, 64, Duration.ofMillis(10),
        Duration.ofMillis(50), 64, 0.5, Duration.ofSeconds(1), 2.0,
        Map.of("internal", 0.5, "pro", 0.1), Duration.ofMillis(100));
  }

  /**
   * Parses {@code tier=share;...}, e.g. {@code internal=0.5;pro=0.1} ({@code none} for no
   * reservation).
   */
  public static Map<String, Double> parseShares(String text) {
    Map<String, Double> shares = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank() || entry.trim().equals("none")) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("reserved share must look like internal=0.5, was '"
            + entry.trim() + "'");
      }
      shares.put(entry.substring(0, eq).trim(), Double.parseDouble(entry.substring(eq + 1)));
    }
    return shares;
  }

  /** The reserved share of the limit for each rank of {@code tiers}, lowest first. */
  double[] reservedByRank(List<String> tiers) {
    double[] byRank = new double[tiers.size()];
    for (int r = 0; r < byRank.length; r++) {
      byRank[r] = reservedShares.getOrDefault(tiers.get(r), 0.0);
    }
    return byRank;
  }

  /** Returns a copy that admits every request ({@code false}) or limits them. */
  public ConcurrencyOptions withEnabled(boolean enabled) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter, latencyTolerance,
        reservedShares, latencyTarget);
  }

  /** Returns a copy with these limits. */
  public ConcurrencyOptions withLimits(int initialLimit, int minLimit, int maxLimit) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter, latencyTolerance,
        reservedShares, latencyTarget);
  }

  /** Returns a copy with this queue length. */
  public ConcurrencyOptions withMaxQueue(int maxQueue) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter, latencyTolerance,
        reservedShares, latencyTarget);
  }

  /** Returns a copy with this limit algorithm. */
  public ConcurrencyOptions withAlgorithm(String algorithm) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter, latencyTolerance,
        reservedShares, latencyTarget);
  }

  /** Returns a copy with these reserved shares by tier name. */
  public ConcurrencyOptions withReservedShares(Map<String, Double> reservedShares) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter, latencyTolerance,
        reservedShares, latencyTarget);
  }

  /** Returns a copy with this queue timeout. */
  public ConcurrencyOptions withQueueTimeout(Duration queueTimeout) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter, latencyTolerance,
        reservedShares, latencyTarget);
  }

  /** Returns a copy with this latency target (aimd). */
  public ConcurrencyOptions withLatencyTarget(Duration latencyTarget) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter, latencyTolerance,
        reservedShares, latencyTarget);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + d);
    }
  }
}
