package dev.brisk.throttle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The adaptive concurrency limit in front of handlers, per event loop.
 *
 * <p>{@code ConcurrencyOptions.defaults().withMaxQueue(32)}
 *
 * @param enabled whether requests are admitted through the limit; default true
 * @param algorithm {@code gradient2} or {@code vegas} (Netflix concurrency-limits); default
 *     gradient2
 * @param initialLimit concurrent requests allowed before any latency is measured; default 64
 * @param minLimit the limit never goes below this; default 8
 * @param maxLimit the limit never goes above this; default 1024
 * @param maxQueue requests that may wait for a slot; default 64
 * @param queueTimeout how long a request may wait for a slot before 503; default 50 ms
 * @param maxEventLoopLag event-loop lag at which the limit is halved; default 50 ms
 * @param maxDbWaiting requests waiting for a database connection at which the limit is halved;
 *     default 64
 * @param lowestTierShare share of the limit the lowest tier may use; tiers in between scale up
 *     to 1.0 for the highest; default 0.5
 * @param retryAfter {@code Retry-After} on a shed request; default 1 s
 */
public record ConcurrencyOptions(boolean enabled, String algorithm, int initialLimit,
    int minLimit, int maxLimit, int maxQueue, Duration queueTimeout, Duration maxEventLoopLag,
    int maxDbWaiting, double lowestTierShare, Duration retryAfter) {

  private static final List<String> ALGORITHMS = List.of("gradient2", "vegas");

  /** Validates the options. */
  public ConcurrencyOptions {
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("algorithm must be gradient2 or vegas, was '"
          + algorithm + "'");
    }
    if (minLimit < 1 || initialLimit < minLimit || maxLimit < initialLimit) {
      throw new IllegalArgumentException("limits must satisfy 1 <= minLimit <= initialLimit <= "
          + "maxLimit, were " + minLimit + ", " + initialLimit + ", " + maxLimit);
    }
    if (maxQueue < 0) {
      throw new IllegalArgumentException("maxQueue must be >= 0, was " + maxQueue);
    }
    positive("queueTimeout", queueTimeout);
    positive("maxEventLoopLag", maxEventLoopLag);
    positive("retryAfter", retryAfter);
    if (maxDbWaiting < 1) {
      throw new IllegalArgumentException("maxDbWaiting must be >= 1, was " + maxDbWaiting);
    }
    if (!(lowestTierShare > 0 && lowestTierShare <= 1)) {
      throw new IllegalArgumentException("lowestTierShare must be in (0, 1], was "
          + lowestTierShare);
    }
  }

  /** Gradient2 from 64, queue of 64 for 50 ms, halved at 50 ms lag or 64 DB waiters. */
  public static ConcurrencyOptions defaults() {
    return new ConcurrencyOptions(true, "gradient2", 64, 8, 1024, 64, Duration.ofMillis(50),
        Duration.ofMillis(50), 64, 0.5, Duration.ofSeconds(1));
  }

  /** Returns a copy that admits every request ({@code false}) or limits them. */
  public ConcurrencyOptions withEnabled(boolean enabled) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter);
  }

  /** Returns a copy with these limits. */
  public ConcurrencyOptions withLimits(int initialLimit, int minLimit, int maxLimit) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter);
  }

  /** Returns a copy with this queue length. */
  public ConcurrencyOptions withMaxQueue(int maxQueue) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter);
  }

  /** Returns a copy with this limit algorithm. */
  public ConcurrencyOptions withAlgorithm(String algorithm) {
    return new ConcurrencyOptions(enabled, algorithm, initialLimit, minLimit, maxLimit, maxQueue,
        queueTimeout, maxEventLoopLag, maxDbWaiting, lowestTierShare, retryAfter);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + d);
    }
  }
}
