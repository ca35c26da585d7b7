package dev.brisk.internal;

import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * A periodic sweep that runs only while there is something to sweep: {@link #arm()} starts it,
 * and it re-arms itself for as long as the sweep returns {@code true}. Netty's NIO event loop
 * polls without sleeping for the last half millisecond before each of its timers, so a short
 * periodic timer keeps an idle event loop busy: a 2 ms one spun about a quarter of the idle time
 * (36,000 {@code epoll_wait} calls a second per event loop) and took CPU from PostgreSQL and the
 * load on a shared host. Armed on demand, an idle event loop sleeps.
 *
 * <p>Not API. Create, arm and close it on the event loop that owns what it sweeps.
 */
public final class SweepTimer implements AutoCloseable {

  private final Vertx vertx;
  private final long periodMillis;
  private final BooleanSupplier sweep;
  private long timerId = -1;
  private boolean closed;

  /**
   * While armed, runs {@code sweep} every {@code periodMillis} (at least 1); the sweep returns
   * whether anything is left for a later one.
   */
  public SweepTimer(Vertx vertx, long periodMillis, BooleanSupplier sweep) {
    this.vertx = vertx;
    this.periodMillis = Math.max(1, periodMillis);
    this.sweep = sweep;
  }

  /** Makes sure a sweep is due within one period; costs a field read when one already is. */
  public void arm() {
    if (timerId < 0 && !closed) {
      timerId = vertx.setTimer(periodMillis, this::fire);
    }
  }

  /** Whether a sweep is due (for tests). */
  public boolean isArmed() {
    return timerId >= 0;
  }

  @Override
  public void close() {
    closed = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  private void fire(long id) {
    timerId = -1;
    if (sweep.getAsBoolean()) {
      arm();
    }
  }
}
