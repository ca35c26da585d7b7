package dev.brisk.batch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A batch function for tests that records every call (keys and context) and delegates. */
final class RecordingFn<K, V> implements BatchFn<K, V> {

  final List<List<K>> calls = Collections.synchronizedList(new ArrayList<>());
  final List<Context> contexts = Collections.synchronizedList(new ArrayList<>());
  private final BatchFn<K, V> delegate;
  private final boolean deferred;

  private RecordingFn(BatchFn<K, V> delegate, boolean deferred) {
    this.delegate = delegate;
    this.deferred = deferred;
  }

  /** Answers in the same task it is called in. */
  static <K, V> RecordingFn<K, V> immediate(BatchFn<K, V> delegate) {
    return new RecordingFn<>(delegate, false);
  }

  /** Answers in a later event-loop task, as an I/O completion would. */
  static <K, V> RecordingFn<K, V> deferred(BatchFn<K, V> delegate) {
    return new RecordingFn<>(delegate, true);
  }

  /** Values {@code prefix + key} for every key. */
  static <K> BatchFn<K, String> naming(String prefix) {
    return values(key -> prefix + key);
  }

  /** Values {@code value.apply(key)} for every key ({@code null} = not found). */
  static <K, V> BatchFn<K, V> values(Function<K, V> value) {
    return keys -> {
      Map<K, V> found = new HashMap<>();
      for (K key : keys) {
        V v = value.apply(key);
        if (v != null) {
          found.put(key, v);
        }
      }
      return Future.succeededFuture(BatchResult.of(found));
    };
  }

  @Override
  public Future<BatchResult<K, V>> load(List<K> keys) {
    calls.add(List.copyOf(keys));
    contexts.add(Vertx.currentContext());
    Future<BatchResult<K, V>> result = delegate.load(keys);
    if (!deferred) {
      return result;
    }
    Promise<BatchResult<K, V>> later = Promise.promise();
    Vertx.currentContext().runOnContext(v -> result.onComplete(later));
    return later.future();
  }
}
