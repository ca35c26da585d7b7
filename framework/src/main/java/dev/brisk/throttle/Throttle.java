package dev.brisk.throttle;

import dev.brisk.auth.Caller;
import dev.brisk.auth.Tiers;
import dev.brisk.db.DbPressure;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Rate limits per caller and adaptive concurrency with tiered shedding, for one app instance:
 * one per process (its buckets and Redis breaker are shared by every event loop), one
 * {@link Admission} per event loop.
 *
 * <p>{@code Throttle throttle = Throttle.create(redis, ThrottleOptions.defaults(), tiers,
 * registry, db::pressure, System::nanoTime);}
 *
 * <p>Thread-safe.
 */
public interface Throttle {

  /**
   * A throttle deciding through {@code redis} (may be null for per-instance buckets only).
   * {@code tiers} are the configured tiers, lowest first; {@code db} reports the database's
   * wait queue.
   */
  static Throttle create(Redis redis, ThrottleOptions options, Tiers tiers,
      MeterRegistry registry, Supplier<DbPressure> db, LongSupplier nanoClock) {
    return new DefaultThrottle(redis, options, tiers, registry, db, nanoClock);
  }

  /** A throttle that limits and sheds nothing. */
  static Throttle off(MeterRegistry registry) {
    return new DefaultThrottle(null, ThrottleOptions.off(), Tiers.defaults(), registry,
        () -> null,
        System::nanoTime);
  }

  /**
   * Prepares the shared rate limits before the first request (a Redis connection, the script
   * loaded), so that a cold instance's first decisions stay within the Redis timeout. Never
   * fails; completes within a few seconds when Redis does not answer.
   */
  Future<Void> start();

  /**
   * The rate-limit handler for route {@code method path}, or null when the route is not limited:
   * an exempt path, cost 0 in the options, {@code counted} false (a batch endpoint: its
   * sub-requests count instead), or rate limits off. An allowed request continues with
   * {@code then} (directly, not through the router: {@code RoutingContext::next} for the
   * router's next handler). Runs on the request's context.
   */
  Handler<RoutingContext> rateLimit(String method, String path, boolean counted,
      Handler<RoutingContext> then);

  /**
   * How a request to the uncounted route {@code method path} (a batch: its sub-requests are
   * charged on their own routes) is charged when it dispatches nothing counted: as one request
   * at the route's cost, rate-limit fields on the response and the 429 problem
   * ({@code Retry-After} included) as the failure when the caller is out of tokens. Null when
   * such a request is free: rate limits off, an exempt path or cost 0. The function completes
   * at once for an unlimited tier and runs on the request's context.
   */
  Function<RoutingContext, Future<Void>> chargeAlone(String method, String path);

  /**
   * Charges one credential check outside any route (an {@link dev.brisk.auth.LookupLimit}: an
   * API key the cache does not hold, from the anonymous caller of its address) to a bucket of
   * the address's own, at the rate of {@code caller}'s tier, apart from its requests; fails
   * with the 429 problem, {@code Retry-After} included, when it is spent. Completes at once for
   * an unlimited tier or with rate limits off.
   */
  Future<Void> charge(Caller caller);

  /**
   * Whether {@code path} (normalized, as the router matches it) is never rate limited nor shed:
   * the probes ({@code /health/}, {@code /metrics} by default).
   */
  boolean isExempt(String path);

  /**
   * Fails when a route cost of the options names none of the {@code declared} routes (each
   * {@code "METHOD /path/template"}): a mistyped cost would otherwise be ignored. Call once the
   * app's routes are declared.
   *
   * @throws IllegalArgumentException naming each unknown route
   */
  void requireDeclaredCostRoutes(Set<String> declared);

  /** A new concurrency gate for the current event loop (admits everything when disabled). */
  Admission admission(Vertx vertx);

  /**
   * Fails while rate limits should be shared but Redis is unreachable; for readiness details.
   * Probes Redis when a probe is due, so an instance that limits no request notices its return.
   */
  Future<Void> check();
}
