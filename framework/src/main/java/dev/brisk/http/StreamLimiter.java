package dev.brisk.http;

import dev.brisk.auth.Tiers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;

/**
 * Caps concurrent streaming requests globally and per caller, so a few clients cannot hold every
 * stream slot (and the connections behind them). A request is admitted before it takes any
 * resource and holds its slot until its response ends or its connection closes.
 *
 * <p>{@code routes.stream(GET, "/api/products/export", Access.open(), limiter, export::handle)}
 * or, in a handler, {@code limiter.admit(ctx)} before opening a cursor.
 *
 * <p>Meters: {@code brisk.stream.open} (gauge) and {@code brisk.stream.refused} (by
 * {@code reason}: {@code instance} or {@code caller}), tagged with the limiter's name.
 *
 * <p>Thread-safe: share one per instance across verticles.
 */
public interface StreamLimiter {

  /**
   * A limiter named {@code name} (a meter tag, e.g. {@code streams}).
   *
   * @throws IllegalArgumentException when {@code limits.exemptTier()} is not one of {@code tiers}
   */
  static StreamLimiter create(String name, StreamLimits limits, Tiers tiers,
      MeterRegistry registry) {
    return new DefaultStreamLimiter(name, limits, tiers, registry);
  }

  /**
   * Takes a slot for the request's caller until the response ends. Call on the request's
   * context, after callers are resolved.
   *
   * @throws dev.brisk.problem.Problem 503 with {@code Retry-After} when the instance is full,
   *     429 with {@code Retry-After} when the caller has its maximum open
   */
  void admit(RoutingContext ctx);

  /** Streams open now; any thread. */
  int open();

  /** The limits in effect. */
  StreamLimits limits();
}
