package dev.brisk.batch;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fetches many keys in one go, typically one {@code WHERE id = ANY($1)} query (see
 * {@link SqlBatchFn}).
 *
 * <p>{@code BatchFn<Long, Product> fn = BatchFn.mapped(products::byIds);}
 *
 * <p>Called by a {@link DataLoader} on its {@link DataLoaderScope}'s context, at the end of an
 * event-loop turn, with 1 to {@code maxBatchSize} distinct keys in first-load order. Must not
 * block. A failed future (or a thrown exception) fails every key of this call and no other; fail
 * single keys through {@link BatchResult#errors()}.
 *
 * @param <K> key type (needs {@code equals}/{@code hashCode})
 * @param <V> value type
 */
@FunctionalInterface
public interface BatchFn<K, V> {

  /** Loads {@code keys}; the list is unmodifiable and never empty. */
  Future<BatchResult<K, V>> load(List<K> keys);

  /**
   * Adapts a function returning found values by key; absent keys resolve to {@code null}.
   * {@code BatchFn.mapped(ids -> repo.byIds(ids))}
   */
  static <K, V> BatchFn<K, V> mapped(Function<List<K>, Future<Map<K, V>>> fn) {
    return keys -> fn.apply(keys).map(BatchResult::of);
  }

  /**
   * Adapts a function returning one value per key, in key order ({@code null} = not found). A list
   * of another size fails the whole batch. {@code BatchFn.aligned(ids -> remote.fetch(ids))}
   */
  static <K, V> BatchFn<K, V> aligned(Function<List<K>, Future<List<V>>> fn) {
    return keys -> fn.apply(keys).map(values -> BatchResult.aligned(keys, values));
  }
}
