package dev.brisk.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One ever-increasing count of cache invalidations for the whole process: each invalidation
 * takes the next tick, so a tick read at any moment (such as when a batch began) orders that
 * moment against every invalidation of every cache here. Ticks only order; they measure nothing.
 *
 * <p>{@code long since = InvalidationClock.now(); ... tagTick > since}
 *
 * <p>Internal; thread-safe.
 */
public final class InvalidationClock {

  private static final AtomicLong TICKS = new AtomicLong();

  private InvalidationClock() {
  }

  /** The tick of the latest invalidation so far (0 before any). */
  public static long now() {
    return TICKS.get();
  }

  /** A new tick, after every one handed out or read before: call once per invalidation. */
  public static long tick() {
    return TICKS.incrementAndGet();
  }
}
