package dev.brisk.resilience;

import java.time.Duration;
import java.util.PriorityQueue;

/** A clock and timers that only move when a test calls {@link #advance}; due tasks run then. */
final class FakeTiming implements Timing {

  private record Task(long due, long seq, Runnable run) {
  }

  private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
      ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private long now = 1_000_000_000L;
  private long seq;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Runnable schedule(long delayNanos, Runnable task) {
    Task t = new Task(now + Math.max(0, delayNanos), seq++, task);
    tasks.add(t);
    return () -> tasks.remove(t);
  }

  /** Moves the clock, running each task that comes due at its due time. */
  void advance(Duration d) {
    long target = now + d.toNanos();
    while (!tasks.isEmpty() && tasks.peek().due() <= target) {
      Task t = tasks.poll();
      now = t.due();
      t.run().run();
    }
    now = target;
  }

  int scheduled() {
    return tasks.size();
  }
}
