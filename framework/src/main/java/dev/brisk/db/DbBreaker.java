package dev.brisk.db;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A circuit breaker around the primary pool, so a database that cannot be reached costs a request
 * a fast 503 instead of a connect timeout each. It opens after {@code threshold} consecutive
 * connection failures, refuses for {@code openFor}, then lets one probe through (half-open): a
 * probe that connects closes it, one that fails opens it again. Only connection-level failures
 * count; SQL errors prove the database is there. Thread-safe (the pool is shared by every event
 * loop); time from the injected clock.
 */
final class DbBreaker {

  /** What {@link #tryAcquire()} decided. */
  enum Permit { ALLOWED, PROBE, REFUSED }

  private final int threshold;
  private final long openForNanos;
  private final LongSupplier nanoClock;
  // Volatile so the hot path (closed, no failures) reads them without taking the lock.
  private volatile int failures;
  private volatile boolean open;
  private boolean probing;
  private long openedAt;

  DbBreaker(int threshold, Duration openFor, LongSupplier nanoClock) {
    this.threshold = threshold;
    this.openForNanos = openFor.toNanos();
    this.nanoClock = nanoClock;
  }

  /** Whether a call may go to the database now; a PROBE must report its outcome. */
  Permit tryAcquire() {
    return open ? tryAcquireOpen() : Permit.ALLOWED;
  }

  private synchronized Permit tryAcquireOpen() {
    if (!open) {
      return Permit.ALLOWED;
    }
    if (probing || nanoClock.getAsLong() - openedAt < openForNanos) {
      return Permit.REFUSED;
    }
    probing = true;
    return Permit.PROBE;
  }

  /** A call reached the database; returns true when this closed an open breaker. */
  boolean onSuccess() {
    return (failures != 0 || open) && reset();
  }

  private synchronized boolean reset() {
    failures = 0;
    probing = false;
    boolean wasOpen = open;
    open = false;
    return wasOpen;
  }

  /** A call could not reach the database; returns true when this opened the breaker. */
  synchronized boolean onConnectionFailure() {
    failures++;
    boolean reopen = probing;
    probing = false;
    if (reopen || (!open && failures >= threshold)) {
      boolean opened = !open;
      open = true;
      openedAt = nanoClock.getAsLong();
      return opened;
    }
    return false;
  }

  /** How long until the next probe is allowed, for {@code Retry-After}; at least one second. */
  synchronized Duration retryAfter() {
    long left = openForNanos - (nanoClock.getAsLong() - openedAt);
    return Duration.ofSeconds(Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
  }
}
