package dev.brisk.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of one {@link Outbound} target.
 *
 * <p>{@code OutboundOptions.defaults("carrier").withTimeout(Duration.ofMillis(800))}
 *
 * @param target name of the called service, the {@code target} tag of every meter
 * @param timeout deadline of one call, retries and backoff included; the incoming request's
 *     remaining deadline shortens it
 * @param maxConcurrent bulkhead: calls in flight at once; more fail fast
 * @param breaker when the circuit breaker opens and recovers
 * @param retry retries, backoff and retry budget
 */
public record OutboundOptions(String target, Duration timeout, int maxConcurrent,
    BreakerOptions breaker, RetryOptions retry) {

  public OutboundOptions {
    Objects.requireNonNull(target, "target");
    if (target.isBlank()) {
      throw new IllegalArgumentException("target must not be blank");
    }
    BreakerOptions.positive("timeout", timeout);
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1, was " + maxConcurrent);
    }
    Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(retry, "retry");
  }

  /** 1 s timeout, 64 concurrent calls, default breaker and retries. */
  public static OutboundOptions defaults(String target) {
    return new OutboundOptions(target, Duration.ofSeconds(1), 64, BreakerOptions.defaults(),
        RetryOptions.defaults());
  }

  public OutboundOptions withTimeout(Duration d) {
    return new OutboundOptions(target, d, maxConcurrent, breaker, retry);
  }

  public OutboundOptions withMaxConcurrent(int n) {
    return new OutboundOptions(target, timeout, n, breaker, retry);
  }

  public OutboundOptions withBreaker(BreakerOptions b) {
    return new OutboundOptions(target, timeout, maxConcurrent, b, retry);
  }

  public OutboundOptions withRetry(RetryOptions r) {
    return new OutboundOptions(target, timeout, maxConcurrent, breaker, r);
  }
}
