package dev.brisk.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;

/**
 * The meter registry a Brisk app exports on {@code /metrics} (Prometheus), the SLO buckets its
 * latency histograms share, and Netty allocator meters.
 *
 * <p>{@code PrometheusMeterRegistry registry = BriskMetrics.prometheus();}
 *
 * <p>Thread-safe.
 */
public final class BriskMetrics {

  /** Latency buckets for request and query histograms. */
  public static final Duration[] SLO_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private BriskMetrics() {
  }

  /** A Prometheus registry for a Brisk app. */
  public static PrometheusMeterRegistry prometheus() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Binds Netty's pooled allocator meters to {@code registry}. Event-loop queue meters are not
   * bound: Vert.x 5 reaches its Netty event loops only through internal API; see
   * {@link EventLoopLag} for event-loop health.
   */
  public static void bindNetty(MeterRegistry registry) {
    new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
  }
}
