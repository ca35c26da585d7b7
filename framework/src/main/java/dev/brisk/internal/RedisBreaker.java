package dev.brisk.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker around one feature's Redis calls (rate limits, stream slots): the first
 * failure opens it, and while open every request decides on this instance alone at once (no
 * per-request timeout). After {@code retryNanos} one probe is allowed; its success closes the
 * breaker. Logs each transition once. Thread-safe. Not API.
 */
public final class RedisBreaker {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBreaker.class);
  private static final long CLOSED = Long.MIN_VALUE;

  private final String shared;
  private final String fallback;
  private final long retryNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong openedAt = new AtomicLong(CLOSED);
  private final AtomicBoolean probing = new AtomicBoolean();

  /**
   * A closed breaker; {@code shared} names what Redis shares ({@code "rate limits"}),
   * {@code fallback} what replaces it while open ({@code "per-instance buckets"}).
   */
  public RedisBreaker(String shared, String fallback, long retryNanos, LongSupplier nanoClock) {
    this.shared = shared;
    this.fallback = fallback;
    this.retryNanos = retryNanos;
    this.nanoClock = nanoClock;
  }

  /** Whether Redis calls are skipped (per-instance buckets in use). */
  public boolean isOpen() {
    return openedAt.get() != CLOSED;
  }

  /** When open: true for exactly one caller once the retry interval has passed. */
  public boolean tryProbe() {
    long opened = openedAt.get();
    return opened != CLOSED && nanoClock.getAsLong() - opened >= retryNanos
        && probing.compareAndSet(false, true);
  }

  /** A Redis call failed: open (logging once) or stay open. */
  public void onFailure(Throwable cause) {
    if (openedAt.compareAndSet(CLOSED, nanoClock.getAsLong())) {
      LOG.warn("Redis unreachable for {} ({}): using {} until it answers again", shared,
          cause.toString(), fallback);
    }
  }

  /** The probe's outcome: success closes the breaker, failure restarts the retry interval. */
  public void onProbe(boolean success) {
    if (success) {
      openedAt.set(CLOSED);
      LOG.info("Redis answers again: {} are shared across instances", shared);
    } else {
      openedAt.set(nanoClock.getAsLong());
    }
    probing.set(false);
  }
}
