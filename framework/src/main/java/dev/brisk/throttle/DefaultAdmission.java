package dev.brisk.throttle;

import dev.brisk.auth.Caller;
import dev.brisk.auth.Tiers;
import dev.brisk.db.DbPressure;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.RequestScope;
import dev.brisk.internal.SweepTimer;
import dev.brisk.problem.Problem;
import io.vertx.core.AsyncResult;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** {@link Admission} over a {@link TieredLimiter}; runs on its event loop. */
final class DefaultAdmission implements Admission {

  /** Where an admitted request keeps the action that frees its slot without a sample. */
  static final String EARLY_RELEASE = DefaultAdmission.class.getName() + ".release";

  private final TieredLimiter limiter;
  private final ThrottleOptions options;
  private final ThrottleMeters meters;
  private final long maxLagNanos;
  private final int maxDbWaiting;
  private final Supplier<DbPressure> db;
  private final SweepTimer queueSweep;
  private volatile long lagNanos;

  DefaultAdmission(Vertx vertx, ThrottleOptions options, Tiers tiers, ThrottleMeters meters,
      Supplier<DbPressure> db, LongSupplier nanoClock) {
    this.options = options;
    this.meters = meters;
    this.db = db;
    ConcurrencyOptions c = options.concurrency();
    this.maxLagNanos = c.maxEventLoopLag().toNanos();
    this.maxDbWaiting = c.maxDbWaiting();
    this.limiter = new TieredLimiter(Limits.of(c), c.reservedByRank(tiers.names()), c, nanoClock,
        this::load);
    meters.limiterGauges(Thread.currentThread().getName(), limiter);
    // Waiters time out at most a fifth of the queue timeout late; no timer while none waits.
    this.queueSweep = new SweepTimer(vertx, c.queueTimeout().toMillis() / 5, () -> {
      limiter.sweep();
      return limiter.queued() > 0;
    });
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestScope scope = RequestScope.current();
    // The path the router matches: the raw one would let /health/../api/... skip the limit.
    if (options.isExempt(ctx.normalizedPath()) || scope != null && scope.parent() != null) {
      ctx.next();
      return;
    }
    Caller caller = Caller.of(ctx);
    Promise<Long> slot = Promise.promise();
    int rank = caller.tier().rank();
    limiter.acquire(rank, new TieredLimiter.Waiter() {
      @Override
      public void admitted(long startNanos) {
        slot.complete(startNanos);
      }

      @Override
      public void shed(String reason) {
        slot.fail(reason);
      }
    });
    if (limiter.queued() > 0) {
      queueSweep.arm();
    }
    // Queued: the body waits for the decision (or Vert.x drains it and a BodyHandler fails).
    HeldBody.await(ctx, slot.future(), new Decided(ctx, caller.tier().name(), rank));
  }

  /** What follows the limiter's decision, on the request's own context. */
  private final class Decided implements HeldBody.Continuation<Long> {
    private final RoutingContext ctx;
    private final String tier;
    private final int rank;
    private boolean released;

    Decided(RoutingContext ctx, String tier, int rank) {
      this.ctx = ctx;
      this.tier = tier;
      this.rank = rank;
    }

    @Override
    public void proceed(AsyncResult<Long> slot) {
      if (slot.failed()) {
        refuse(ctx, tier, slot.cause().getMessage());
        return;
      }
      meters.admitted(tier);
      long startNanos = slot.result();
      RequestScope scope = RequestScope.current();
      ctx.put(EARLY_RELEASE, (Runnable) () -> release(() -> limiter.releaseUnsampled(rank)));
      // The wait for a slowly sent body is the client's, not a latency sample of the server's.
      ctx.addEndHandler(v -> release(() -> limiter.release(rank,
          startNanos + (scope == null ? 0 : scope.bodyWaitNanos()),
          isDrop(ctx.response().getStatusCode()))));
      ctx.next();
    }

    /** The deadline answered while the request waited: its slot goes back at once. */
    @Override
    public void abandon(AsyncResult<Long> slot) {
      if (slot.succeeded()) {
        limiter.releaseUnsampled(rank);
      }
    }

    private void release(Runnable action) {
      if (!released) {
        released = true;
        action.run();
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
    queueSweep.close();
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
