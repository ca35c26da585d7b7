package dev.brisk.throttle;

import dev.brisk.auth.Caller;
import dev.brisk.auth.Tier;
import dev.brisk.auth.Tiers;
import dev.brisk.db.DbPressure;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** {@link Throttle}: one {@link RateLimiter} per process, an admission per event loop. */
final class DefaultThrottle implements Throttle {

  private final ThrottleOptions options;
  private final Tiers tiers;
  private final ThrottleMeters meters;
  private final Supplier<DbPressure> db;
  private final RateLimiter limiter;
  private final LongSupplier nanoClock;

  DefaultThrottle(Redis redis, ThrottleOptions options, Tiers tiers, MeterRegistry registry,
      Supplier<DbPressure> db, LongSupplier nanoClock) {
    this.options = options;
    this.tiers = tiers;
    this.meters = new ThrottleMeters(registry);
    this.db = db;
    this.nanoClock = nanoClock;
    this.limiter = options.rateLimits().enabled()
        ? new RateLimiter(redis, options.rateLimits(), nanoClock, meters) : null;
    List<String> rateLimited = limiter == null ? List.of() : tiers.names().stream()
        .filter(t -> !options.rateLimits().bandwidths(t).isEmpty()).toList();
    meters.registerTiers(rateLimited,
        options.concurrency().enabled() ? tiers.names() : List.of());
  }

  @Override
  public Future<Void> start() {
    return limiter == null ? Future.succeededFuture() : limiter.prepare();
  }

  @Override
  public Handler<RoutingContext> rateLimit(String method, String path, boolean counted,
      Handler<RoutingContext> then) {
    return counted ? charging(method, path, then) : null;
  }

  @Override
  public Function<RoutingContext, Future<Void>> chargeAlone(String method, String path) {
    RateLimitHandler alone = charging(method, path, null);
    return alone == null ? null : alone::charge;
  }

  /** The handler charging {@code method path}'s cost, or null when its requests are free. */
  private RateLimitHandler charging(String method, String path, Handler<RoutingContext> then) {
    int cost = options.rateLimits().routeCosts().getOrDefault(method + " " + path, 1);
    if (limiter == null || cost == 0 || options.isExempt(path)) {
      return null;
    }
    return new RateLimitHandler(limiter, options.rateLimits(), cost, meters, then);
  }

  /**
   * Charged to a bucket of its own per address ({@link RateLimitHandler#KEY_CHECKS}) at the
   * rate of {@code caller}'s tier, not to that tier's request bucket: anonymous requests from a
   * shared address (a NAT, a proxy's clients) must not lock out the keyed callers behind it.
   */
  @Override
  public Future<Void> charge(Caller caller) {
    String tier = caller.tier().name();
    List<Bandwidth> bandwidths = limiter == null ? List.of()
        : options.rateLimits().bandwidths(tier);
    if (bandwidths.isEmpty()) {
      return Future.succeededFuture();
    }
    Caller checks = Caller.anonymous(new Tier(RateLimitHandler.KEY_CHECKS, caller.tier().rank()),
        caller.clientIp());
    return limiter.acquire(checks, bandwidths, 1).compose(d -> {
      meters.rateLimited(tier, d.allowed());
      return d.allowed() ? Future.succeededFuture()
          : Future.failedFuture(RateLimitHandler.keyCheckRefusal(bandwidths, d));
    });
  }

  @Override
  public boolean isExempt(String path) {
    return options.isExempt(path);
  }

  @Override
  public void requireDeclaredCostRoutes(Set<String> declared) {
    List<String> unknown = options.rateLimits().routeCosts().keySet().stream()
        .filter(route -> !declared.contains(route)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("rate-limit-costs names routes the app does not "
          + "declare: " + String.join(", ", unknown) + " (write METHOD /path/template as "
          + "declared, e.g. GET /api/products/:id=2)");
    }
  }

  @Override
  public Admission admission(Vertx vertx) {
    if (!options.concurrency().enabled()) {
      return new PassThrough();
    }
    return new DefaultAdmission(vertx, options, tiers, meters, db, nanoClock);
  }

  @Override
  public Future<Void> check() {
    if (limiter == null || !limiter.isConfiguredShared()) {
      return Future.succeededFuture();
    }
    return limiter.checkShared().compose(shared -> shared ? Future.succeededFuture()
        : Future.failedFuture("Redis unreachable: rate limits are per instance until it "
            + "answers"));
  }

  /** The admission when the concurrency limit is off. */
  private static final class PassThrough implements Admission {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.next();
    }

    @Override
    public void onEventLoopLag(long lagNanos) {
    }

    @Override
    public void close() {
    }
  }
}
