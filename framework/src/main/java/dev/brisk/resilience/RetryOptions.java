package dev.brisk.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Outbound} retries transient failures of idempotent calls: up to
 * {@code maxAttempts} attempts, waiting a random delay in {@code [0, min(maxDelay, baseDelay *
 * 2^(n-1))]} before retry n (exponential backoff with full jitter), or the target's
 * {@code Retry-After} when that is longer. Retries draw on a budget: over the last
 * {@code budgetWindow}, retries may not exceed {@code budgetRatio} of the calls plus
 * {@code minRetriesPerWindow} (so a quiet target can still be retried), which keeps retries from
 * multiplying an outage.
 *
 * <p>{@code RetryOptions.defaults().withMaxAttempts(1)} turns retries off.
 *
 * @param maxAttempts attempts per call, first included; 1 means no retries
 * @param baseDelay backoff cap before the first retry
 * @param maxDelay largest backoff cap
 * @param budgetRatio retries allowed per call over the window, in [0, 1]
 * @param minRetriesPerWindow retries always allowed per window
 * @param budgetWindow rolling window of the budget (10 buckets)
 */
public record RetryOptions(int maxAttempts, Duration baseDelay, Duration maxDelay,
    double budgetRatio, int minRetriesPerWindow, Duration budgetWindow) {

  public RetryOptions {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    BreakerOptions.positive("baseDelay", baseDelay);
    BreakerOptions.positive("budgetWindow", budgetWindow);
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be >= baseDelay " + baseDelay + ", was "
          + maxDelay);
    }
    if (!(budgetRatio >= 0 && budgetRatio <= 1)) {
      throw new IllegalArgumentException("budgetRatio must be in [0, 1], was " + budgetRatio);
    }
    if (minRetriesPerWindow < 0) {
      throw new IllegalArgumentException("minRetriesPerWindow must be >= 0, was "
          + minRetriesPerWindow);
    }
  }

  /** 3 attempts, 50 ms base, 1 s max, 20% budget plus 10 retries per 10 s. */
  public static RetryOptions defaults() {
    return new RetryOptions(3, Duration.ofMillis(50), Duration.ofSeconds(1), 0.2, 10,
        Duration.ofSeconds(10));
  }

  public RetryOptions withMaxAttempts(int n) {
    return new RetryOptions(n, baseDelay, maxDelay, budgetRatio, minRetriesPerWindow,
        budgetWindow);
  }

  public RetryOptions withBackoff(Duration base, Duration max) {
    return new RetryOptions(maxAttempts, base, max, budgetRatio, minRetriesPerWindow,
        budgetWindow);
  }

  public RetryOptions withBudget(double ratio, int minRetries, Duration window) {
    return new RetryOptions(maxAttempts, baseDelay, maxDelay, ratio, minRetries, window);
  }
}
