package dev.brisk.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;

/**
 * The meter registry a Brisk app exports on {@code /metrics}: Prometheus, with SLO buckets on the
 * HTTP server histogram (p50/p95/p99 computable in Prometheus), status classes instead of codes,
 * and Netty allocator and event-loop meters.
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

  private static final String HTTP_SERVER = "vertx.http.server.";

  private BriskMetrics() {
  }

  /** A Prometheus registry with Brisk's meter filters installed. */
  public static PrometheusMeterRegistry prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        .meterFilter(MeterFilter.replaceTagValues("code", BriskMetrics::statusClass))
        .meterFilter(new MeterFilter() {
          @Override
          public DistributionStatisticConfig configure(Meter.Id id,
              DistributionStatisticConfig config) {
            if (id.getName().equals(HTTP_SERVER + "response.time")) {
              return DistributionStatisticConfig.builder()
                  .serviceLevelObjectives(nanos(SLO_BUCKETS))
                  .build().merge(config);
            }
            return config;
          }
        });
    return registry;
  }

  /** Binds Netty's pooled allocator and Vert.x event-loop queue meters to {@code registry}. */
  public static void bindNetty(Vertx vertx, MeterRegistry registry) {
    new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
    new NettyEventExecutorMetrics(((VertxInternal) vertx).nettyEventLoopGroup())
        .bindTo(registry);
  }

  /** {@code 200} becomes {@code 2xx}; anything else is kept. */
  static String statusClass(String code) {
    return code.length() == 3 && Character.isDigit(code.charAt(0)) ? code.charAt(0) + "xx" : code;
  }

  private static double[] nanos(Duration[] buckets) {
    double[] values = new double[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      values[i] = buckets[i].toNanos();
    }
    return values;
  }
}
