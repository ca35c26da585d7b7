package dev.brisk.jmh;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Closed-loop throughput for the benchmark mains: {@code concurrency} loops, each starting its
 * next request when the previous one completed; a failed request fails the measurement.
 *
 * <p>{@code double perSecond = ClosedLoops.perSecond(vertx::runOnContext, 32, 10, i ->
 * client.get("/api/products/" + (1 + i % 1000)).send());}
 */
final class ClosedLoops {

  /** Spreads the loops' first request numbers, so that loops do not ask for the same ids. */
  private static final long FIRST_STRIDE = 7919;

  private ClosedLoops() {
  }

  /**
   * Requests per second over {@code seconds} of {@code concurrency} loops started through
   * {@code start} (a context's or Vert.x's {@code runOnContext}); loop {@code k} sends requests
   * numbered {@code k * 7919}, then {@code concurrency} apart.
   */
  static double perSecond(Consumer<Handler<Void>> start, int concurrency, int seconds,
      LongFunction<Future<?>> request) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    List<Future<Void>> loops = new ArrayList<>();
    for (int k = 0; k < concurrency; k++) {
      Promise<Void> loop = Promise.promise();
      loops.add(loop.future());
      long first = k * FIRST_STRIDE;
      start.accept(v -> loop(request, first, concurrency, stop, done, loop));
    }
    long begin = System.nanoTime();
    TimeUnit.SECONDS.sleep(seconds);
    long count = done.get();
    double elapsed = (System.nanoTime() - begin) / 1e9;
    stop.set(true);
    Future.all(loops).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    return count / elapsed;
  }

  private static void loop(LongFunction<Future<?>> request, long i, int step, AtomicBoolean stop,
      AtomicLong done, Promise<Void> loop) {
    if (stop.get()) {
      loop.tryComplete();
      return;
    }
    request.apply(i).onComplete(ar -> {
      if (ar.failed()) {
        loop.tryFail(ar.cause());
        return;
      }
      done.incrementAndGet();
      loop(request, i + step, step, stop, done, loop);
    });
  }
}
