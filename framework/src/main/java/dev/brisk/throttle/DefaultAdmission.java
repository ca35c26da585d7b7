package dev.brisk.throttle;

import dev.brisk.auth.Caller;
import dev.brisk.db.DbPressure;
import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** {@link Admission} over a {@link TieredLimiter}; runs on its event loop. */
final class DefaultAdmission implements Admission {

  /** Where an admitted request keeps the action that frees its slot without a sample. */
  static final String EARLY_RELEASE = DefaultAdmission.class.getName() + ".release";

  private final Vertx vertx;
  private final TieredLimiter limiter;
  private final ThrottleOptions options;
  private final ThrottleMeters meters;
  private final long maxLagNanos;
  private final int maxDbWaiting;
  private final Supplier<DbPressure> db;
  private final long sweepTimer;
  private volatile long lagNanos;

  DefaultAdmission(Vertx vertx, ThrottleOptions options, int maxRank, ThrottleMeters meters,
      Supplier<DbPressure> db, LongSupplier nanoClock) {
    this.vertx = vertx;
    this.options = options;
    this.meters = meters;
    this.db = db;
    ConcurrencyOptions c = options.concurrency();
    this.maxLagNanos = c.maxEventLoopLag().toNanos();
    this.maxDbWaiting = c.maxDbWaiting();
    this.limiter = new TieredLimiter(Limits.of(c), maxRank, c, nanoClock, this::load);
    meters.limiterGauges(Thread.currentThread().getName(), limiter);
    long period = Math.max(1, c.queueTimeout().toMillis() / 5);
    this.sweepTimer = vertx.setPeriodic(period, id -> limiter.sweep());
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestScope scope = RequestScope.current();
    if (options.isExempt(ctx.request().path()) || scope != null && scope.parent() != null) {
      ctx.next();
      return;
    }
    Caller caller = Caller.of(ctx);
    RequestWaiter waiter = new RequestWaiter(ctx, caller.tier().name(),
        vertx.getOrCreateContext());
    limiter.acquire(caller.tier().rank(), waiter);
    // Queued: hold the body until the decision, or Vert.x drains it meanwhile and a route's
    // BodyHandler fails; resumed right before the next handler runs.
    if (!waiter.decided && !ctx.request().isEnded()) {
      waiter.paused = true;
      ctx.request().pause();
    }
  }

  /** One request in the limiter; its callbacks always continue on the request's own context. */
  private final class RequestWaiter implements TieredLimiter.Waiter {
    private final RoutingContext ctx;
    private final String tier;
    private final Context own;
    private boolean released;
    private boolean decided;
    private boolean paused;

    RequestWaiter(RoutingContext ctx, String tier, Context own) {
      this.ctx = ctx;
      this.tier = tier;
      this.own = own;
    }

    @Override
    public void admitted(long startNanos) {
      decided = true;
      // A queued request is admitted while another request ends, on that request's context:
      // continue on its own, where its request scope lives.
      onOwnContext(() -> proceed(startNanos));
    }

    @Override
    public void shed(String reason) {
      decided = true;
      onOwnContext(() -> {
        resumeIfPaused();
        refuse(ctx, tier, reason);
      });
    }

    private void proceed(long startNanos) {
      meters.admitted(tier);
      ctx.put(EARLY_RELEASE, (Runnable) () -> {
        if (!released) {
          released = true;
          limiter.releaseUnsampled();
        }
      });
      ctx.addEndHandler(v -> {
        if (!released) {
          released = true;
          limiter.release(startNanos, isDrop(ctx.response().getStatusCode()));
        }
      });
      resumeIfPaused();
      ctx.next();
    }

    private void resumeIfPaused() {
      if (paused && !ctx.request().isEnded()) {
        ctx.request().resume();
      }
    }

    private void onOwnContext(Runnable action) {
      if (Vertx.currentContext() == own) {
        action.run();
      } else {
        own.runOnContext(v -> action.run());
      }
    }
  }

  private void refuse(RoutingContext ctx, String tier, String reason) {
    meters.shed(tier, reason);
    ctx.fail(Problem.of(503, "overloaded", "Service Overloaded",
            "The service is at its concurrency limit; retry later")
        .withRetryAfter(options.concurrency().retryAfter()));
  }

  @Override
  public void onEventLoopLag(long lagNanos) {
    this.lagNanos = lagNanos;
  }

  @Override
  public void close() {
    vertx.cancelTimer(sweepTimer);
  }

  /** The load signal: the worse of event-loop lag and DB waiters, each against its maximum. */
  private double load() {
    DbPressure pressure = db.get();
    double dbLoad = pressure == null ? 0 : (double) pressure.waiting() / maxDbWaiting;
    return Math.max((double) lagNanos / maxLagNanos, dbLoad);
  }

  private static boolean isDrop(int status) {
    return status == 503 || status == 504;
  }
}
