package dev.brisk.batch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch-function call produced, key by key: a value, nothing ({@code null}, which
 * callers usually turn into a 404), or a failure that fails that key alone.
 *
 * <p>{@code BatchResult.of(found, Map.of(7L, Problem.notFound("Product 7 is hidden")))}
 *
 * <p>The maps are used as given, not copied: do not change them after returning the result. A key
 * present in {@code errors} fails even when {@code values} also holds it.
 *
 * @param values found values by key; keys absent here (and from {@code errors}) resolve to null
 * @param errors per-key failures by key
 * @param <K> key type
 * @param <V> value type
 */
public record BatchResult<K, V>(Map<K, V> values, Map<K, Throwable> errors) {

  /** Checks both maps are present. */
  public BatchResult {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(errors, "errors");
  }

  /** Values by key and no per-key failures. */
  public static <K, V> BatchResult<K, V> of(Map<K, V> values) {
    return new BatchResult<>(values, Map.of());
  }

  /** Values and per-key failures by key. */
  public static <K, V> BatchResult<K, V> of(Map<K, V> values, Map<K, Throwable> errors) {
    return new BatchResult<>(values, errors);
  }

  /**
   * Values aligned with {@code keys}: {@code values.get(i)} belongs to {@code keys.get(i)};
   * a {@code null} element means "not found".
   *
   * @throws IllegalArgumentException when the two lists differ in size
   */
  public static <K, V> BatchResult<K, V> aligned(List<K> keys, List<V> values) {
    if (keys.size() != values.size()) {
      throw new IllegalArgumentException("batch function returned " + values.size()
          + " values for " + keys.size() + " keys; an aligned result needs one value per key");
    }
    Map<K, V> byKey = new HashMap<>(keys.size() * 4 / 3 + 1);
    for (int i = 0; i < keys.size(); i++) {
      V value = values.get(i);
      if (value != null) {
        byKey.put(keys.get(i), value);
      }
    }
    return new BatchResult<>(byKey, Map.of());
  }
}
