package dev.brisk.http;

import dev.brisk.auth.Caller;
import dev.brisk.auth.Tier;
import dev.brisk.auth.Tiers;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.TierCeilings;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the instance's open streams in an atomic and each caller's in {@link CallerSlots}
 * (this instance's, or every instance's through Redis).
 *
 * <p>A tier's callers are admitted only while the instance holds fewer streams than the tier's
 * share of {@code maxOpen}: half for the lowest tier, rising evenly to all of it for the highest
 * (the admission's tier ceilings), so callers of lower tiers, each within its own cap, never take
 * the slots of higher ones.
 *
 * <p>Slots are given back by the request's end handler, which Vert.x runs once the answer's last
 * bytes are written: after the client may have read them and sent its next request, and, for a
 * request pipelined behind it on the same connection, after that request started (Vert.x
 * dispatches it from within the previous answer's {@code end}). So a caller's admission first
 * gives back that caller's slots whose answers have ended, and a caller that sends its next
 * import as soon as the last one is answered is never refused for it.
 */
final class DefaultStreamLimiter implements StreamLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(StreamLimiter.class);
  private static final Runnable NOTHING = () -> { };
  /** The share of {@code maxOpen} the lowest tier may fill. */
  private static final double LOWEST_TIER_SHARE = 0.5;

  private final String name;
  private final StreamLimits limits;
  private final Tier exempt;
  private final int highestRank;
  private final CallerSlots callers;
  private final AtomicInteger open = new AtomicInteger();
  /** The slots held now, by caller scope. */
  private final Map<String, Set<Held>> held = new ConcurrentHashMap<>();
  private final Counter refusedInstance;
  private final Counter refusedCaller;

  DefaultStreamLimiter(String name, StreamLimits limits, Tiers tiers, MeterRegistry registry,
      CallerSlots callers) {
    this.name = name;
    this.limits = limits;
    this.exempt = limits.exemptTier() == null ? null : tiers.named(limits.exemptTier());
    this.highestRank = tiers.highest().rank();
    this.callers = callers;
    Gauge.builder("brisk.stream.open", open, AtomicInteger::get).tag("limiter", name)
        .description("Streaming requests holding a slot").strongReference(true)
        .register(registry);
    if (callers instanceof RedisCallerSlots shared) {
      Gauge.builder("brisk.stream.redis_fallback", shared, s -> s.isFallback() ? 1 : 0)
          .tag("limiter", name).strongReference(true)
          .description("1 while Redis is unreachable and per-caller caps count per instance")
          .register(registry);
    }
    this.refusedInstance = refused(registry, "instance");
    this.refusedCaller = refused(registry, "caller");
  }

  private Counter refused(MeterRegistry registry, String reason) {
    return Counter.builder("brisk.stream.refused").tag("limiter", name).tag("reason", reason)
        .description("Streaming requests refused before they took a slot")
        .register(registry);
  }

  @Override
  public Future<Void> admit(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    giveBackEnded(caller.scope());
    int now = open.incrementAndGet();
    if (now > limits.maxOpen()) {
      open.decrementAndGet();
      refusedInstance.increment();
      LOG.debug("Refused {} for {}: all {} slots of this instance are taken", name, caller,
          limits.maxOpen());
      return Future.failedFuture(Problem.unavailable("This instance serves as many " + name
          + " at once as it may (" + limits.maxOpen() + "); retry shortly")
          .withRetryAfter(limits.retryAfter()));
    }
    Tier full = now > share(caller.tier()) ? caller.tier() : null;
    if (full != null) {
      // Refused either way, but after the caller's own cap, whose 429 says more; the count goes
      // back now, so a flood of such requests waiting on Redis never fills the instance.
      open.decrementAndGet();
    }
    if (exempt != null && caller.isAtLeast(exempt)) {
      return hold(ctx, caller.scope(), NOTHING, full);
    }
    Future<Runnable> slot = callers.take(caller.scope());
    if (slot.isComplete()) {
      return hold(ctx, caller.scope(), slot.result(), full);
    }
    Context own = Vertx.currentContext();
    Promise<Void> admitted = Promise.promise();
    slot.onComplete(ar -> {
      if (own == null || Vertx.currentContext() == own) {
        hold(ctx, caller.scope(), ar.result(), full).onComplete(admitted);
      } else {
        own.runOnContext(v -> hold(ctx, caller.scope(), ar.result(), full).onComplete(admitted));
      }
    });
    return admitted.future();
  }

  /** The streams the instance may hold at most when it admits one of {@code tier}'s callers. */
  private int share(Tier tier) {
    double share = TierCeilings.share(tier.rank(), highestRank, LOWEST_TIER_SHARE);
    return Math.max(1, (int) (limits.maxOpen() * share));
  }

  /**
   * Keeps the slots until the response ends; refuses without a caller slot ({@code null}) or
   * when the instance held {@code fullTier}'s share (null: it did not; else its slot is already
   * given back), and gives both back at once when the request was answered or closed while it
   * waited.
   */
  private Future<Void> hold(RoutingContext ctx, String scope, Runnable callerSlot,
      Tier fullTier) {
    if (callerSlot == null) {
      if (fullTier == null) {
        open.decrementAndGet();
      }
      refusedCaller.increment();
      return Future.failedFuture(Problem.tooManyRequests("Too many " + name + " open at once "
          + "for this caller (at most " + limits.maxPerCaller() + "); retry when one ends")
          .withRetryAfter(limits.retryAfter()));
    }
    if (fullTier != null) {
      callerSlot.run();
      refusedInstance.increment();
      return Future.failedFuture(Problem.unavailable("This instance serves as many " + name
          + " at once as callers of tier " + fullTier.name() + " may share ("
          + share(fullTier) + " of " + limits.maxOpen() + "; the rest is kept for higher "
          + "tiers); retry shortly").withRetryAfter(limits.retryAfter()));
    }
    if (HeldBody.isAnswered(ctx)) {
      open.decrementAndGet();
      callerSlot.run();
      return Future.failedFuture(new IllegalStateException("answered while waiting for a slot"));
    }
    Held slot = new Held(scope, ctx.response(), callerSlot);
    held.compute(scope, (k, slots) -> {
      Set<Held> kept = slots == null ? ConcurrentHashMap.newKeySet() : slots;
      kept.add(slot);
      return kept;
    });
    ctx.addEndHandler(ar -> slot.giveBack());
    return Future.succeededFuture();
  }

  /** Gives back the slots of {@code scope} whose answers have ended or whose clients left. */
  private void giveBackEnded(String scope) {
    Set<Held> slots = held.get(scope);
    if (slots != null) {
      for (Held slot : slots) {
        if (slot.response.ended() || slot.response.closed()) {
          slot.giveBack();
        }
      }
    }
  }

  @Override
  public int open() {
    return open.get();
  }

  @Override
  public StreamLimits limits() {
    return limits;
  }

  /** One admitted request's slots, given back once. */
  private final class Held {
    private final String scope;
    private final HttpServerResponse response;
    private final Runnable callerSlot;
    private final AtomicBoolean given = new AtomicBoolean();

    Held(String scope, HttpServerResponse response, Runnable callerSlot) {
      this.scope = scope;
      this.response = response;
      this.callerSlot = callerSlot;
    }

    void giveBack() {
      if (given.compareAndSet(false, true)) {
        held.computeIfPresent(scope, (k, slots) -> {
          slots.remove(this);
          return slots.isEmpty() ? null : slots;
        });
        open.decrementAndGet();
        callerSlot.run();
      }
    }
  }
}
