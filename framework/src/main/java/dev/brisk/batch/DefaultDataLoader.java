package dev.brisk.batch;

import dev.brisk.problem.Problem;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pending keys, per-scope cache and dispatch of one loader. Its state is touched only on the
 * owner context's thread; other threads hop there first.
 *
 * <p>Each key gets one promise, completed while the owner context is current, so the listeners
 * of callers on the owner context run there. A caller on another context gets that outcome
 * through {@link #deliverOn}, which runs its listeners on its own context.
 */
final class DefaultDataLoader<K, V> implements DataLoader<K, V> {

  private final String name;
  private final BatchFn<K, V> fn;
  private final int maxBatchSize;
  private final DefaultDataLoaderScope scope;
  private final Context owner;
  private final LoaderMeters meters;
  private final boolean coalesce;
  private final Handler<Void> onTurnEnd = this::onTurnEnd;
  private final Map<K, Promise<V>> cache;
  private Map<K, Promise<V>> pending = new LinkedHashMap<>();
  private boolean scheduled;

  DefaultDataLoader(String name, BatchFn<K, V> fn, DataLoaderOptions options,
      DefaultDataLoaderScope scope) {
    this.name = name;
    this.fn = fn;
    this.maxBatchSize = options.maxBatchSize();
    this.scope = scope;
    this.owner = scope.context();
    this.meters = LoaderMeters.of(options.registry(), name);
    // Coalescing keys per event-loop thread is only sound when every batch settles on one thread.
    this.coalesce = options.coalesce() && owner.isEventLoopContext();
    this.cache = options.cache() ? new HashMap<>() : null;
  }

  @Override
  public Future<V> load(K key) {
    Objects.requireNonNull(key, "key");
    Context caller = Vertx.currentContext();
    if (scope.inThread()) {
      Future<V> value = enqueue(key);
      return caller == null || caller == owner ? value : deliverOn(caller, value);
    }
    Promise<V> result = Promise.promise();
    owner.runOnContext(v -> enqueue(key).onComplete(result));
    return deliverOn(caller == null ? owner : caller, result.future());
  }

  @Override
  public Future<List<V>> loadMany(List<K> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Future<V>> futures = new ArrayList<>(keys.size());
    for (K key : keys) {
      futures.add(load(key));
    }
    // Completes where the last key's future does: on the caller's context, like every load.
    Future<List<V>> values = Future.all(futures).map(all -> all.list());
    return Vertx.currentContext() == null ? deliverOn(owner, values) : values;
  }

  @Override
  public void clear(K key) {
    Objects.requireNonNull(key, "key");
    if (cache == null) {
      return;
    }
    if (scope.inThread()) {
      cache.remove(key);
    } else {
      owner.runOnContext(v -> cache.remove(key));
    }
  }

  /** Forgets every cached result; loads in flight still complete for their callers. */
  void clearAll() {
    if (cache == null) {
      return;
    }
    if (scope.inThread()) {
      cache.clear();
    } else {
      owner.runOnContext(v -> cache.clear());
    }
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * {@code source}'s outcome with listeners run on {@code context} the way Vert.x runs those of
   * any future bound to a context: inline, with that context made current, when already on its
   * event loop, else as a task queued there. Public Vert.x API binds a future to a context only
   * through {@link Future#fromCompletionStage(java.util.concurrent.CompletionStage, Context)}.
   */
  private static <T> Future<T> deliverOn(Context context, Future<T> source) {
    return Future.fromCompletionStage(source.toCompletionStage(), context);
  }

  /** Runs {@code task} with the owner context current: inline when on its event loop. */
  private void onOwner(Runnable task) {
    deliverOn(owner, Future.succeededFuture()).onComplete(ar -> task.run());
  }

  private Future<V> enqueue(K key) {
    meters.load();
    // A key cleared from the cache while it waits for this turn's batch joins the one waiting:
    // a second promise for it would replace the first, which then never completes.
    Promise<V> known = pending.get(key);
    if (known == null && cache != null) {
      known = cache.get(key);
    } else if (known != null && cache != null) {
      cache.putIfAbsent(key, known);
    }
    if (known != null) {
      meters.cacheHit();
      return known.future();
    }
    Promise<V> promise = Promise.promise();
    pending.put(key, promise);
    if (cache != null) {
      cache.put(key, promise);
    }
    if (pending.size() >= maxBatchSize) {
      dispatch();
    } else if (!scheduled) {
      scheduled = true;
      // Queued behind everything already on this event loop's task queue: see docs/batching.md.
      owner.runOnContext(onTurnEnd);
    }
    return promise.future();
  }

  private void onTurnEnd(Void ignored) {
    scheduled = false;
    if (!pending.isEmpty()) {
      dispatch();
    }
  }

  private void dispatch() {
    Map<K, Promise<V>> batch = pending;
    pending = new LinkedHashMap<>();
    if (scope.isCurrent()) {
      send(batch);
    } else {
      // Batch functions run on the owner context, so their queries count for its request.
      onOwner(() -> send(batch));
    }
  }

  private void send(Map<K, Promise<V>> batch) {
    if (scope.isExpired()) {
      // The request's deadline passed (or its client left): nobody would read these rows.
      Problem over = Problem.gatewayTimeout("Request deadline passed; loader '" + name
          + "' sent no statement for " + batch.size() + " keys");
      batch.forEach((key, promise) -> settleKey(key, promise, null, over));
      return;
    }
    List<K> keys = new ArrayList<>(batch.size());
    List<Promise<V>> promises = new ArrayList<>(batch.size());
    InFlight inFlight = coalesce ? InFlight.current(name) : null;
    for (Map.Entry<K, Promise<V>> entry : batch.entrySet()) {
      if (inFlight != null && join(inFlight, entry.getKey(), entry.getValue())) {
        continue;
      }
      keys.add(entry.getKey());
      promises.add(entry.getValue());
    }
    if (!keys.isEmpty()) {
      call(keys, promises, inFlight);
    }
  }

  private boolean join(InFlight inFlight, K key, Promise<V> promise) {
    Promise<V> running = inFlight.get(key);
    if (running == null) {
      inFlight.put(key, promise);
      return false;
    }
    meters.coalesced();
    // The running fetch settles on another scope's context; this key settles on its own.
    deliverOn(owner, running.future())
        .onComplete((value, failure) -> settleKey(key, promise, value, failure));
    return true;
  }

  private void call(List<K> keys, List<Promise<V>> promises, InFlight inFlight) {
    meters.batch(keys.size());
    Future<BatchResult<K, V>> result;
    try {
      result = fn.load(Collections.unmodifiableList(keys));
      if (result == null) {
        result = Future.failedFuture(new NullPointerException(
            "batch function of loader '" + name + "' returned null instead of a Future"));
      }
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (scope.isCurrent()) {
        settle(keys, promises, inFlight, ar);
      } else {
        onOwner(() -> settle(keys, promises, inFlight, ar));
      }
    });
  }

  private void settle(List<K> keys, List<Promise<V>> promises, InFlight inFlight,
      AsyncResult<BatchResult<K, V>> ar) {
    if (inFlight != null) {
      for (int i = 0; i < keys.size(); i++) {
        inFlight.remove(keys.get(i), promises.get(i));
      }
    }
    BatchResult<K, V> result = ar.result();
    Throwable batchFailure = ar.failed() ? ar.cause() : null;
    if (batchFailure == null && result == null) {
      batchFailure = new NullPointerException(
          "batch function of loader '" + name + "' completed with null instead of a BatchResult");
    }
    for (int i = 0; i < keys.size(); i++) {
      K key = keys.get(i);
      if (batchFailure != null) {
        settleKey(key, promises.get(i), null, batchFailure);
        continue;
      }
      V value = null;
      Throwable failure;
      try {
        failure = result.errors().get(key);
        value = failure == null ? result.values().get(key) : null;
      } catch (RuntimeException e) {
        // A map that cannot look this key up (a TreeMap of Long keys asked for an Integer)
        // fails this key alone; an exception escaping here would leave the rest unsettled.
        failure = e;
      }
      settleKey(key, promises.get(i), value, failure);
    }
  }

  private void settleKey(K key, Promise<V> promise, V value, Throwable failure) {
    if (failure != null && cache != null && cache.get(key) == promise) {
      // Only successes stay cached: a later load of a failed key in this scope tries again.
      cache.remove(key);
    }
    try {
      if (failure == null) {
        promise.tryComplete(value);
      } else {
        promise.tryFail(failure);
      }
    } catch (RuntimeException e) {
      // A promise bound to no context lets its only listener's exception out: report it as
      // Vert.x reports a throwing handler, and still settle the other keys.
      owner.runOnContext(v -> {
        throw e;
      });
    }
  }
}
