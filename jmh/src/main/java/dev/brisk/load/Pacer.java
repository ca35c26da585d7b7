package dev.brisk.load;

import java.util.function.LongSupplier;

/**
 * Walks an {@link ArrivalSchedule} against a clock and hands out the requests that became due,
 * each with its own intended send time. A generator that stalls (GC pause, slow event loop, a
 * blocked connection pool) gets every request it missed on its next {@link #poll()}: none are
 * skipped and none are re-timed, which is what keeps the measurement free of coordinated omission.
 *
 * <p>Not thread-safe: one scheduler thread polls it.
 */
final class Pacer {

  /** A run of due requests {@code [from, to)} of the schedule. */
  record Due(long from, long to) {
    boolean isEmpty() {
      return from == to;
    }
  }

  private final ArrivalSchedule schedule;
  private final LongSupplier nanoClock;
  private long next;

  Pacer(ArrivalSchedule schedule, LongSupplier nanoClock) {
    this.schedule = schedule;
    this.nanoClock = nanoClock;
  }

  /** The requests that became due since the last poll (possibly none). */
  Due poll() {
    long due = schedule.dueBy(nanoClock.getAsLong());
    Due run = new Due(next, Math.max(next, due));
    next = run.to();
    return run;
  }

  /** Whether every scheduled request has been handed out. */
  boolean isDone() {
    return next >= schedule.count();
  }

  /** Nanoseconds until the next request is due (0 when one is due now or all are done). */
  long nanosUntilNext() {
    if (isDone()) {
      return 0;
    }
    return Math.max(0, schedule.intendedNanos(next) - nanoClock.getAsLong());
  }
}
