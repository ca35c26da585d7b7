package dev.brisk.metrics;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.Locale;

/**
 * Optional OpenTelemetry tracing, off by default. With it on, Vert.x creates a span per HTTP
 * request, a child span per SQL statement (vertx-pg-client) and per outbound HTTP call, and
 * propagates W3C trace context.
 *
 * <p>Modes ({@code --tracing} / {@code BRISK_TRACING}): {@code off}; {@code otlp}, configured
 * from the standard {@code OTEL_*} environment (exporter endpoint, service name, sampler);
 * {@code global}, whatever {@link GlobalOpenTelemetry} holds (a Java agent, or the host app).
 *
 * <p>{@code Vertx.builder().withTracer(Tracing.factory("otlp"))}
 */
public final class Tracing {

  private Tracing() {
  }

  /** The tracer factory for {@code mode}, or {@code null} when tracing is off. */
  public static VertxTracerFactory factory(String mode) {
    OpenTelemetry otel = switch (mode.toLowerCase(Locale.ROOT)) {
      case "off", "none", "false" -> null;
      case "otlp", "on", "true" -> AutoConfiguredOpenTelemetrySdk.initialize()
          .getOpenTelemetrySdk();
      case "global" -> GlobalOpenTelemetry.get();
      default -> throw new IllegalArgumentException(
          "tracing must be off, otlp or global, was '" + mode + "'");
    };
    return otel == null ? null : new OpenTelemetryTracingFactory(otel);
  }
}
