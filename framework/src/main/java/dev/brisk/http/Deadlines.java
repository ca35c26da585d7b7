package dev.brisk.http;

import java.util.function.LongSupplier;

/**
 * The request deadlines of one event loop: a list in arrival order, which is also deadline order
 * because every request gets the same deadline, swept by one timer while any is pending (an idle
 * event loop keeps no timer). Cheaper per request than a timer each (no scheduling, O(1) removal
 * when the request ends); deadlines fire up to one sweep interval late. Used on its event loop
 * only, so it needs no locking.
 */
final class Deadlines {

  /** A registered deadline; {@link #cancel()} when the request ends. */
  final class Entry {
    private final long dueNanos;
    private final Runnable onExpire;
    private Entry prev;
    private Entry next;
    private boolean linked = true;

    private Entry(long dueNanos, Runnable onExpire) {
      this.dueNanos = dueNanos;
      this.onExpire = onExpire;
    }

    void cancel() {
      if (linked) {
        unlink(this);
      }
    }
  }

  private final LongSupplier nanoClock;
  private final Runnable onAdd;
  private Entry head;
  private Entry tail;

  /** Time from {@code nanoClock}; {@code onAdd} runs on each {@link #add} (to arm the sweep). */
  Deadlines(LongSupplier nanoClock, Runnable onAdd) {
    this.nanoClock = nanoClock;
    this.onAdd = onAdd;
  }

  /** Registers {@code onExpire} to run once {@code timeoutNanos} have passed. */
  Entry add(long timeoutNanos, Runnable onExpire) {
    Entry e = new Entry(nanoClock.getAsLong() + timeoutNanos, onExpire);
    e.prev = tail;
    if (tail == null) {
      head = e;
    } else {
      tail.next = e;
    }
    tail = e;
    onAdd.run();
    return e;
  }

  /** Runs the expiry of every entry now due; returns whether any deadline is still pending. */
  boolean sweep() {
    long now = nanoClock.getAsLong();
    while (head != null && head.dueNanos - now <= 0) {
      Entry due = head;
      unlink(due);
      due.onExpire.run();
    }
    return head != null;
  }

  private void unlink(Entry e) {
    e.linked = false;
    if (e.prev == null) {
      head = e.next;
    } else {
      e.prev.next = e.next;
    }
    if (e.next == null) {
      tail = e.prev;
    } else {
      e.next.prev = e.prev;
    }
    e.prev = null;
    e.next = null;
  }
}
