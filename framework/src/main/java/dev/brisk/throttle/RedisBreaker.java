package dev.brisk.throttle;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker around the rate limiter's Redis calls: the first failure opens it, and while
 * open every request decides on this instance's buckets at once (no per-request timeout). After
 * {@code retryNanos} one probe is allowed; its success closes the breaker. Logs each transition
 * once. Thread-safe.
 */
final class RedisBreaker {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBreaker.class);
  private static final long CLOSED = Long.MIN_VALUE;

  private final long retryNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong openedAt = new AtomicLong(CLOSED);
  private final AtomicBoolean probing = new AtomicBoolean();

  RedisBreaker(long retryNanos, LongSupplier nanoClock) {
    this.retryNanos = retryNanos;
    this.nanoClock = nanoClock;
  }

  /** Whether Redis calls are skipped (per-instance buckets in use). */
  boolean isOpen() {
    return openedAt.get() != CLOSED;
  }

  /** When open: true for exactly one caller once the retry interval has passed. */
  boolean tryProbe() {
    long opened = openedAt.get();
    return opened != CLOSED && nanoClock.getAsLong() - opened >= retryNanos
        && probing.compareAndSet(false, true);
  }

  /** A Redis call failed: open (logging once) or stay open. */
  void onFailure(Throwable cause) {
    if (openedAt.compareAndSet(CLOSED, nanoClock.getAsLong())) {
      LOG.warn("Redis unreachable for rate limits ({}): using per-instance buckets until it "
          + "answers again", cause.toString());
    }
  }

  /** The probe's outcome: success closes the breaker, failure restarts the retry interval. */
  void onProbe(boolean success) {
    if (success) {
      openedAt.set(CLOSED);
      LOG.info("Redis answers again: rate limits are shared across instances");
    } else {
      openedAt.set(nanoClock.getAsLong());
    }
    probing.set(false);
  }
}
