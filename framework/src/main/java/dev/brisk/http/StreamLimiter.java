package dev.brisk.http;

import dev.brisk.auth.Tiers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;

/**
 * Caps concurrent streaming requests per instance and per caller, so a few clients cannot hold
 * every stream slot (and the connections behind them); callers of lower tiers together fill only
 * a share of the instance's slots (half for the lowest tier), keeping the rest for higher ones.
 * A request is admitted before it takes any
 * resource and holds its slots until its response ends or its connection closes. The per-caller
 * cap counts on this instance ({@link #create}) or across every instance sharing a Redis
 * ({@link #shared}).
 *
 * <p>{@code routes.stream(GET, "/api/products/export", Access.open(), limiter, export::handle)}
 * or, in a handler, {@code limiter.admit(ctx).onSuccess(v -> open(ctx)).onFailure(ctx::fail)}
 * before opening a cursor.
 *
 * <p>Meters: {@code brisk.stream.open} (gauge), {@code brisk.stream.refused} (by
 * {@code reason}: {@code instance} or {@code caller}) and, when shared,
 * {@code brisk.stream.redis_fallback} (1 while counts are per instance), tagged with the
 * limiter's name.
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
    return new DefaultStreamLimiter(name, limits, tiers, registry,
        new LocalCallerSlots(limits.maxPerCaller()));
  }

  /**
   * Like {@link #create}, but each caller's streams are counted across every instance on
   * {@code redis}: a slot is a lease that its instance renews every 10 s while the stream runs
   * and that lapses 30 s after its instance dies. While Redis is unreachable the caller cap
   * counts per instance (logged once, {@code brisk.stream.redis_fallback} 1) and is shared again
   * once Redis answers. Instances sharing a Redis must name a limiter alike.
   *
   * <p>{@code StreamLimiter.shared("imports", new StreamLimits(4, 1, null, Duration.ofSeconds(5)),
   * tiers, context.registry(), context.vertx(), context.redis())}
   *
   * @throws IllegalArgumentException when {@code limits.exemptTier()} is not one of {@code tiers}
   */
  static StreamLimiter shared(String name, StreamLimits limits, Tiers tiers,
      MeterRegistry registry, Vertx vertx, Redis redis) {
    return new DefaultStreamLimiter(name, limits, tiers, registry, new RedisCallerSlots(vertx,
        redis, name, limits.maxPerCaller(), RedisCallerSlots.LEASE));
  }

  /**
   * Takes the slots for the request's caller until the response ends. Call on the request's
   * context, after callers are resolved; completes there. A caller counted through Redis waits
   * for one Redis call; otherwise the future is complete on return.
   *
   * <p>Fails with a {@link dev.brisk.problem.Problem}: 503 with {@code Retry-After} when the
   * instance is full, 429 with {@code Retry-After} when the caller has its maximum open.
   */
  Future<Void> admit(RoutingContext ctx);

  /** Streams open now; any thread. */
  int open();

  /** The limits in effect. */
  StreamLimits limits();
}
