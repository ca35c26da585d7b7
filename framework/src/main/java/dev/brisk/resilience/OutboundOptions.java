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
 * @param maxAnswerBytes the most of one answer {@link Outbound#send} buffers; a longer answer
 *     fails the attempt (a transient failure) and its response is reset
 */
public record OutboundOptions(String target, Duration timeout, int maxConcurrent,
    BreakerOptions breaker, RetryOptions retry, int maxAnswerBytes) {

  /** The default {@link #maxAnswerBytes()}: 1 MiB. */
  public static final int DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

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
    if (maxAnswerBytes < 1) {
      throw new IllegalArgumentException("maxAnswerBytes must be >= 1, was " + maxAnswerBytes);
    }
  }

  /** 1 s timeout, 64 concurrent calls, default breaker and retries, answers up to 1 MiB. */
  public static OutboundOptions defaults(String target) {
    return new OutboundOptions(target, Duration.ofSeconds(1), 64, BreakerOptions.defaults(),
        RetryOptions.defaults(), DEFAULT_MAX_ANSWER_BYTES);
  }

  public OutboundOptions withTimeout(Duration d) {
    return new OutboundOptions(target, d, maxConcurrent, breaker, retry, maxAnswerBytes);
  }

  public OutboundOptions withMaxConcurrent(int n) {
    return new OutboundOptions(target, timeout, n, breaker, retry, maxAnswerBytes);
  }

  public OutboundOptions withBreaker(BreakerOptions b) {
    return new OutboundOptions(target, timeout, maxConcurrent, b, retry, maxAnswerBytes);
  }

  public OutboundOptions withRetry(RetryOptions r) {
    return new OutboundOptions(target, timeout, maxConcurrent, breaker, r, maxAnswerBytes);
  }

  public OutboundOptions withMaxAnswerBytes(int n) {
    return new OutboundOptions(target, timeout, maxConcurrent, breaker, retry, n);
  }
}
