package dev.brisk.cache;

import dev.brisk.internal.CallerContext;
import dev.brisk.internal.RequestScope;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L1 then L2 then the loader, one load per key in flight (single-flight) here and, through a
 * Redis load lease, across instances: an instance that misses while another holds the lease
 * waits (at most the fill wait) for it to store the entry, then reads L2 again. Stale entries
 * are served while one reload runs; invalidations applied locally first, then through Redis to
 * every other instance. Redis failures degrade to L1 with short lifetimes, never to client
 * errors.
 */
final class DefaultCache implements Cache {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultCache.class);

  private final Vertx vertx;
  private final LocalTier l1;
  private final RedisTier l2;
  private final CacheOptions options;
  private final CacheMeters meters;
  private final Map<String, Flight> inFlight = new ConcurrentHashMap<>();
  private final AtomicBoolean wasLost = new AtomicBoolean();
  private final AtomicInteger waiting = new AtomicInteger();
  private final RedisBudget redisBudget;

  DefaultCache(Vertx vertx, LocalTier l1, RedisTier l2, CacheOptions options,
      CacheMeters meters) {
    this.vertx = vertx;
    this.l1 = l1;
    this.l2 = l2;
    this.options = options;
    this.meters = meters;
    this.redisBudget = new RedisBudget(options.redisMaxBytes(), options.nanoClock());
    meters.redisBytes(redisBudget::heldBytes);
    l1.invalidateAll(true);
    meters.degraded(true);
  }

  @Override
  public Future<Void> start() {
    l2.subscribe(this::remoteInvalidation, () -> mode(false), () -> mode(true));
    return Future.succeededFuture();
  }

  private void mode(boolean degraded) {
    if (degraded) {
      wasLost.set(true);
    } else if (wasLost.get()) {
      // What this instance invalidated while away never reached L2 or the others: flush both
      // before L2 is trusted again.
      l2.flushAll().onComplete(ar -> {
        if (!l2.isSubscribed()) {
          return;
        }
        if (ar.succeeded()) {
          wasLost.set(false);
          mode(false);
        } else {
          vertx.setTimer(200, t -> mode(false));
        }
      });
      return;
    }
    // Either way invalidations may have been missed: start L1 afresh.
    l1.invalidateAll(degraded);
    meters.degraded(degraded);
    LOG.info("Cache {}", degraded ? "degraded: Redis unreachable, L1 only with short lifetimes"
        : "connected to Redis: L1 + L2 with cross-instance invalidation");
  }

  private void remoteInvalidation(List<String> tags) {
    if (tags.contains(RedisTier.ALL)) {
      l1.invalidateAll(l1.isDegraded());
    } else {
      l1.invalidate(tags);
    }
    meters.invalidation("remote", tags.size());
  }

  /** Keys whose load this instance awaits from another one now. */
  int waiting() {
    return waiting.get();
  }

  /** Whether L2 and cross-instance invalidation are in use (Redis reachable). */
  boolean isConnected() {
    return !l1.isDegraded();
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public Future<CachedBody> get(CacheKey key, Supplier<Future<CachedBody>> loader) {
    String k = key.asString();
    LocalTier.Entry entry = l1.get(k);
    if (entry != null) {
      if (!l1.isFresh(entry)) {
        meters.stale(key.resource());
        flight(key, k, loader, true);
      }
      meters.hit(key.resource(), "l1");
      return Future.succeededFuture(entry.body());
    }
    return CallerContext.of(flight(key, k, loader, false));
  }

  /**
   * A load in flight, the L1 epoch and the time (nanos) it counts as started at: what it may
   * return is no older than both ({@link #startingFlight}).
   */
  private record Flight(Future<CachedBody> body, long epoch, long started) {
  }

  /**
   * Whether a load in flight may serve a read that comes now: while Redis is unreachable only
   * one that started within the degraded TTL, since a write elsewhere waits no longer than
   * that before it is answered.
   */
  private boolean shareable(Flight flight) {
    return !l1.isDegraded() || options.nanoClock().getAsLong() - flight.started()
        < options.degradedTtl().toNanos();
  }

  /**
   * The one load of {@code k} in flight, started now if there is none; a {@code refresh} of a
   * stale entry skips L2, which holds nothing newer. A load that started before an invalidation
   * (a write answered before this read) is only shared when none of its tags was invalidated
   * since it started; otherwise this read waits for a newer load.
   */
  private Future<CachedBody> flight(CacheKey key, String k, Supplier<Future<CachedBody>> loader,
      boolean refresh) {
    long now = l1.epoch();
    Flight running = inFlight.get(k);
    if (running == null || !shareable(running)) {
      return flightSince(key, k, loader, refresh, now);
    }
    if (running.epoch() >= now) {
      return running.body();
    }
    // The new load runs on this caller's context, as any load does (its loader may need its
    // request), not where the older one completed.
    Context caller = Vertx.currentContext();
    return running.body().compose(body -> l1.invalidatedSince(body.tags(), running.epoch())
        ? on(caller, () -> flightSince(key, k, loader, refresh, now))
        : Future.succeededFuture(body));
  }

  /** Starts {@code work} on {@code context}: now when it is the current one, else as a task. */
  private static <T> Future<T> on(Context context, Supplier<Future<T>> work) {
    if (context == null || context == Vertx.currentContext()) {
      return work.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  /** The load of {@code k} in flight that started at epoch {@code since} or later, or a new one. */
  private Future<CachedBody> flightSince(CacheKey key, String k,
      Supplier<Future<CachedBody>> loader, boolean refresh, long since) {
    Promise<CachedBody> promise = Promise.promise();
    Flight mine = startingFlight(promise.future());
    Flight running = inFlight.compute(k, (x, current) -> current != null
        && current.epoch() >= since && shareable(current) ? current : mine);
    if (running != mine) {
      return running.body();
    }
    promise.future().onComplete(ar -> inFlight.remove(k, mine));
    fill(key, k, loader, refresh, mine).onComplete(promise);
    return promise.future();
  }

  /**
   * A flight of {@code body} starting now or, for a sub-request of a batch, counted from when the
   * batch began: the lookups its sub-requests share keep what they read for the whole batch, so
   * the load may hand back rows read that early. An invalidation since then keeps it from being
   * stored or shared with later reads, as for any load it overlapped (a write on another
   * instance between two sub-requests put the rows as they were before it back into L1 and L2).
   */
  private Flight startingFlight(Future<CachedBody> body) {
    long epoch = l1.epoch();
    long started = options.nanoClock().getAsLong();
    RequestScope request = RequestScope.current();
    if (request != null && request.parent() != null) {
      RequestScope batch = request.root();
      epoch = Math.min(epoch, batch.startTick());
      started -= Math.max(0, batch.elapsedNanos());
    }
    return new Flight(body, epoch, started);
  }

  private Future<CachedBody> fill(CacheKey key, String k, Supplier<Future<CachedBody>> loader,
      boolean refresh, Flight flight) {
    if (l1.isDegraded() || refresh) {
      return load(key, loader).andThen(ar -> {
        if (ar.succeeded()) {
          l1.putIfCurrent(k, key.resource(), ar.result(), flight.epoch(), flight.started());
        }
      });
    }
    Promise<Void> filled = l2.watch(k);
    return l2.get(k).transform(read -> {
      if (read.succeeded() && read.result().lease() == RedisTier.Lease.HELD) {
        return awaitOther(key, k, loader, flight, filled);
      }
      l2.unwatch(k, filled);
      return fromRead(key, k, loader, flight, read);
    });
  }

  /** An L2 hit, else this instance's load (stored in L2 when the read allowed it). */
  private Future<CachedBody> fromRead(CacheKey key, String k,
      Supplier<Future<CachedBody>> loader, Flight flight, AsyncResult<RedisTier.Read> read) {
    if (read.succeeded() && read.result().body() != null) {
      meters.hit(key.resource(), "l2");
      l1.putIfCurrent(k, key.resource(), read.result().body(), flight.epoch(), flight.started());
      return Future.succeededFuture(read.result().body());
    }
    boolean owned = read.succeeded() && read.result().lease() == RedisTier.Lease.OWNED;
    return load(key, loader).andThen(ar -> {
      if (ar.succeeded()) {
        store(key, k, ar.result(), flight, read.succeeded() ? read.result().sequence() : -1,
            owned);
      } else if (owned) {
        l2.release(k);
      }
    });
  }

  /**
   * Another instance holds the load lease: wait (bounded by the fill wait) until it stored the
   * entry or gave up, then read L2 again; whatever that read says, no second wait.
   */
  private Future<CachedBody> awaitOther(CacheKey key, String k,
      Supplier<Future<CachedBody>> loader, Flight flight, Promise<Void> filled) {
    waiting.incrementAndGet();
    // The wake-up comes on the subscriber's or a timer's context: read again (and load, if it
    // comes to that) back on the caller's, where its loader's request is.
    Context caller = Vertx.currentContext();
    return l2.awaitFill(k, filled, options.fillWait().toMillis())
        .transform(woken -> on(caller, () -> {
          waiting.decrementAndGet();
          meters.fillWait(key.resource(), woken.succeeded() ? "filled" : "timeout");
          return l2.get(k);
        }))
        // The read's outcome may be handed on on another context too (the wake-up's).
        .transform(read -> on(caller, () -> fromRead(key, k, loader, flight, read)));
  }

  private Future<CachedBody> load(CacheKey key, Supplier<Future<CachedBody>> loader) {
    meters.miss(key.resource());
    Future<CachedBody> loaded;
    try {
      loaded = loader.get();
    } catch (RuntimeException e) {
      loaded = Future.failedFuture(e);
    }
    return loaded.andThen(ar -> meters.load(key.resource(), ar.cause()));
  }

  /**
   * Keeps {@code body} in L1 and, within this instance's Redis budget, L2 (which gives up the
   * lease), or just gives the lease up.
   */
  private void store(CacheKey key, String k, CachedBody body, Flight flight, long sequence,
      boolean owned) {
    boolean current = l1.putIfCurrent(k, key.resource(), body, flight.epoch(),
        flight.started());
    long ttl = options.ttlOf(key.resource()).toMillis();
    boolean kept = current && sequence >= 0 && !l1.isDegraded();
    if (kept && !redisBudget.tryCharge(RedisTier.storedBytes(k, body), ttl)) {
      meters.redisFull(key.resource());
      kept = false;
    }
    if (kept) {
      l2.set(k, body, sequence, ttl);
    } else if (owned) {
      l2.release(k);
    }
  }

  @Override
  public Future<Void> invalidate(Collection<String> tags) {
    if (tags.isEmpty()) {
      return Future.succeededFuture();
    }
    tags.forEach(CachedBody::requireTag);
    l1.invalidate(tags);
    meters.invalidation("local", tags.size());
    // Until L2 is stamped a read here can still miss L1, find the old entry in L2 and keep it in
    // L1 under the new epoch (it started after the drop): drop the tags again once it is.
    // When Redis did not take it (the failure is counted), the others cannot hear it: the write
    // is answered once those that lost Redis too must have noticed and dropped their L1, and
    // what they loaded since (before the write) has expired: it lives the degraded TTL from
    // the start of its load.
    return CallerContext.of(l2.invalidate(tags).transform(stamped -> {
      l1.invalidate(tags);
      return stamped.succeeded() ? Future.<Void>succeededFuture()
          : Future.all(l2.othersNoticed(), vertx.timer(options.degradedTtl().toMillis() + 1,
              TimeUnit.MILLISECONDS)).mapEmpty();
    }));
  }

  @Override
  public Future<Void> close() {
    l1.invalidateAll(true);
    return l2.close();
  }
}
