package dev.brisk.resilience;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** The clock and timers resilience runs on: Vert.x's in production, a fake one in tests. */
interface Timing {

  long nanoTime();

  /** Runs {@code task} after {@code delayNanos} on the calling context; the handle cancels it. */
  Runnable schedule(long delayNanos, Runnable task);

  static Timing of(Vertx vertx) {
    return new Timing() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Runnable schedule(long delayNanos, Runnable task) {
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos + 999_999));
        long id = vertx.setTimer(millis, t -> task.run());
        return () -> vertx.cancelTimer(id);
      }
    };
  }
}
