package dev.brisk.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * A closed-model load loop for side-by-side ratios: {@code concurrency} workers each issue the
 * next operation when the previous completes, for a fixed duration, after a warm-up. Reports
 * operations per second and latency percentiles. (For latency under a fixed arrival rate use the
 * open-model harness in {@code dev.brisk.load}.)
 */
final class ClosedLoop {

  record Result(double opsPerSecond, long errors, Histogram latency) {

    String row(String name) {
      return String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %d |",
          name, opsPerSecond, latency.getValueAtPercentile(50) / 1e3,
          latency.getValueAtPercentile(99) / 1e3, latency.getMaxValue() / 1e3, errors);
    }
  }

  private ClosedLoop() {
  }

  /** Runs {@code op} (completing true on success) and measures it. Blocking; main thread only. */
  static Result run(Vertx vertx, int concurrency, long warmupMillis, long durationMillis,
      Supplier<Future<Boolean>> op) throws Exception {
    measure(vertx, concurrency, warmupMillis, op);
    return measure(vertx, concurrency, durationMillis, op);
  }

  private static Result measure(Vertx vertx, int concurrency, long millis,
      Supplier<Future<Boolean>> op) throws Exception {
    Histogram histogram = new Histogram(3_600_000_000L, 3);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + millis * 1_000_000L;
    Promise<Void> finished = Promise.promise();
    AtomicLong running = new AtomicLong(concurrency);
    long start = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      vertx.runOnContext(v -> loop(op, end, histogram, done, errors, running, finished));
    }
    finished.future().toCompletionStage().toCompletableFuture().get();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(done.get() / seconds, errors.get(), histogram);
  }

  private static void loop(Supplier<Future<Boolean>> op, long end, Histogram histogram,
      AtomicLong done, AtomicLong errors, AtomicLong running, Promise<Void> finished) {
    if (System.nanoTime() >= end) {
      if (running.decrementAndGet() == 0) {
        finished.tryComplete();
      }
      return;
    }
    long start = System.nanoTime();
    op.get().onComplete(ar -> {
      synchronized (histogram) {
        histogram.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
      }
      if (ar.succeeded() && ar.result()) {
        done.incrementAndGet();
      } else {
        errors.incrementAndGet();
      }
      loop(op, end, histogram, done, errors, running, finished);
    });
  }
}
