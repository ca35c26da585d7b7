package dev.brisk.batch;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
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
 * <p>Each key gets one promise bound to the context that first loaded it; later loads from
 * another context get a relay promise bound to theirs, because a Vert.x 5 future dispatches its
 * listeners on the context of its promise, not on the context adding the listener.
 */
final class DefaultDataLoader<K, V> implements DataLoader<K, V> {

  private final String name;
  private final BatchFn<K, V> fn;
  private final int maxBatchSize;
  private final ContextInternal owner;
  private final LoaderMeters meters;
  private final boolean coalesce;
  private final Map<K, PromiseInternal<V>> cache;
  private Map<K, PromiseInternal<V>> pending = new LinkedHashMap<>();
  private boolean scheduled;

  DefaultDataLoader(String name, BatchFn<K, V> fn, DataLoaderOptions options,
      ContextInternal owner) {
    this.name = name;
    this.fn = fn;
    this.maxBatchSize = options.maxBatchSize();
    this.owner = owner;
    this.meters = LoaderMeters.of(options.registry(), name);
    // Coalescing keys per event-loop thread is only sound when every batch settles on one thread.
    this.coalesce = options.coalesce() && owner.isEventLoopContext();
    this.cache = options.cache() ? new HashMap<>() : null;
  }

  @Override
  public Future<V> load(K key) {
    Objects.requireNonNull(key, "key");
    ContextInternal caller = ContextInternal.current();
    if (owner.inThread()) {
      return enqueue(key, caller == null ? owner : caller);
    }
    PromiseInternal<V> result = caller == null ? owner.promise() : caller.promise();
    owner.runOnContext(v -> enqueue(key, owner).onComplete(result));
    return result.future();
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
    ContextInternal caller = ContextInternal.current();
    PromiseInternal<List<V>> result = caller == null ? owner.promise() : caller.promise();
    Future.all(futures).<List<V>>map(all -> all.list()).onComplete(result);
    return result.future();
  }

  @Override
  public void clear(K key) {
    Objects.requireNonNull(key, "key");
    if (cache == null) {
      return;
    }
    if (owner.inThread()) {
      cache.remove(key);
    } else {
      owner.runOnContext(v -> cache.remove(key));
    }
  }

  @Override
  public String name() {
    return name;
  }

  private Future<V> enqueue(K key, ContextInternal caller) {
    meters.load();
    PromiseInternal<V> known = cache != null ? cache.get(key) : pending.get(key);
    if (known != null) {
      meters.cacheHit();
      return relay(known, caller);
    }
    PromiseInternal<V> promise = caller.promise();
    pending.put(key, promise);
    if (cache != null) {
      cache.put(key, promise);
    }
    if (pending.size() >= maxBatchSize) {
      dispatch();
    } else if (!scheduled) {
      scheduled = true;
      // Queued behind everything already on this event loop's task queue: see docs/batching.md.
      owner.runOnContext(this::onTurnEnd);
    }
    return promise.future();
  }

  private Future<V> relay(PromiseInternal<V> known, ContextInternal caller) {
    if (known.context() == caller) {
      return known.future();
    }
    PromiseInternal<V> relayed = caller.promise();
    known.future().onComplete(relayed);
    return relayed.future();
  }

  private void onTurnEnd(Void ignored) {
    scheduled = false;
    if (!pending.isEmpty()) {
      dispatch();
    }
  }

  private void dispatch() {
    Map<K, PromiseInternal<V>> batch = pending;
    pending = new LinkedHashMap<>();
    List<K> keys = new ArrayList<>(batch.size());
    List<PromiseInternal<V>> promises = new ArrayList<>(batch.size());
    InFlight inFlight = coalesce ? InFlight.current(name) : null;
    for (Map.Entry<K, PromiseInternal<V>> entry : batch.entrySet()) {
      if (inFlight != null && join(inFlight, entry.getKey(), entry.getValue())) {
        continue;
      }
      keys.add(entry.getKey());
      promises.add(entry.getValue());
    }
    if (!keys.isEmpty()) {
      send(keys, promises, inFlight);
    }
  }

  private boolean join(InFlight inFlight, K key, PromiseInternal<V> promise) {
    PromiseInternal<V> running = inFlight.get(key);
    if (running == null) {
      inFlight.put(key, promise);
      return false;
    }
    meters.coalesced();
    running.future().onComplete(ar -> settleKey(key, promise, ar.result(), ar.cause()));
    return true;
  }

  private void send(List<K> keys, List<PromiseInternal<V>> promises, InFlight inFlight) {
    meters.batch(keys.size());
    Future<BatchResult<K, V>> result;
    ContextInternal previous = owner.beginDispatch();
    try {
      result = fn.load(Collections.unmodifiableList(keys));
      if (result == null) {
        result = Future.failedFuture(new NullPointerException(
            "batch function of loader '" + name + "' returned null instead of a Future"));
      }
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    } finally {
      owner.endDispatch(previous);
    }
    result.onComplete(ar -> owner.execute(() -> settle(keys, promises, inFlight, ar)));
  }

  private void settle(List<K> keys, List<PromiseInternal<V>> promises, InFlight inFlight,
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
      } else {
        settleKey(key, promises.get(i), result.values().get(key), result.errors().get(key));
      }
    }
  }

  private void settleKey(K key, PromiseInternal<V> promise, V value, Throwable failure) {
    if (failure == null) {
      promise.tryComplete(value);
      return;
    }
    // Only successes stay cached: a later load of a failed key in this scope tries again.
    if (cache != null && cache.get(key) == promise) {
      cache.remove(key);
    }
    promise.tryFail(failure);
  }
}
