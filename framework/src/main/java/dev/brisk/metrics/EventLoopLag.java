package dev.brisk.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Measures how late a periodic timer fires on an event loop: the time tasks wait behind others,
 * the first symptom of blocking or overload. Recorded in {@code brisk.eventloop.lag} tagged with
 * the event-loop thread.
 *
 * <p>{@code EventLoopLag.start(vertx, registry, Duration.ofMillis(100))} from a verticle's start.
 *
 * <p>Runs on the calling verticle's event loop.
 */
public final class EventLoopLag {

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Timer lag;
  private final LongConsumer listener;
  private long expected;

  private EventLoopLag(MeterRegistry registry, Duration interval, LongSupplier nanoClock,
      LongConsumer listener) {
    this.listener = listener;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
    this.lag = Timer.builder("brisk.eventloop.lag")
        .description("Delay between when a periodic event-loop task was due and when it ran")
        .tag("thread", Thread.currentThread().getName())
        // 50 ms is where the concurrency limit halves (concurrency-max-lag), 100 ms where
        // BriskEventLoopLag fires: without a 50 ms bucket, a p99 between 20 and 100 ms was a
        // guess that could not say whether shedding was the lag's doing.
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500))
        .register(registry);
  }

  /** Starts sampling on the current context; returns the timer id to cancel it. */
  public static long start(Vertx vertx, MeterRegistry registry, Duration interval) {
    return start(vertx, registry, interval, lag -> { });
  }

  /**
   * Like {@link #start(Vertx, MeterRegistry, Duration)}, also handing each sample (nanoseconds)
   * to {@code listener} on the event loop, e.g. an admission controller.
   */
  public static long start(Vertx vertx, MeterRegistry registry, Duration interval,
      LongConsumer listener) {
    EventLoopLag sampler = new EventLoopLag(registry, interval, System::nanoTime, listener);
    sampler.expected = sampler.nanoClock.getAsLong() + sampler.intervalNanos;
    return vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> sampler.tick());
  }

  void tick() {
    long now = nanoClock.getAsLong();
    long late = Math.max(0, now - expected);
    lag.record(late, TimeUnit.NANOSECONDS);
    listener.accept(late);
    expected = now + intervalNanos;
  }
}
