package dev.brisk.batch;

import io.vertx.core.Future;
import java.util.List;

/**
 * Collects the keys loaded during one event-loop turn and fetches them with one call of its
 * {@link BatchFn}; a key loaded twice in the same {@link DataLoaderScope} is fetched once.
 *
 * <p>{@code scope.loader("product", productsById).load(42L).map(p -> ...)}
 *
 * <p>Dispatch is automatic: the first pending key schedules one dispatch task behind the current
 * task on the scope's context, so every key loaded before that task runs (in the current task, in
 * completions of an earlier batch, in nested loaders) goes out together; reaching
 * {@code maxBatchSize} dispatches at once. Application code never calls a dispatch method.
 *
 * <p>Thread-safe: callable from any thread. From the scope's event loop (any context on it) the
 * key is queued inline; from another thread it is handed to the scope's context first. Returned
 * futures complete on the caller's context ({@code Vertx.currentContext()} at the call), or on
 * the scope's context when the caller has none.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface DataLoader<K, V> {

  /**
   * Loads one key: succeeds with the value, with {@code null} when the batch function found
   * nothing for the key, or fails with that key's failure (or its whole batch's).
   */
  Future<V> load(K key);

  /**
   * Loads several keys into the current batch: succeeds with values aligned with {@code keys}
   * ({@code null} where not found) or fails when any key fails. Use {@link #load} per key when
   * one failure should not hide the other values.
   */
  Future<List<V>> loadMany(List<K> keys);

  /** Forgets the cached result for {@code key} (after a write); the next load fetches again. */
  void clear(K key);

  /** The loader's name within its scope; also its {@code loader} meter tag. */
  String name();
}
