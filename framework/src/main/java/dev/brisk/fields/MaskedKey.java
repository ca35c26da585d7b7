package dev.brisk.fields;

import dev.brisk.batch.BatchResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key together with the mask it is rendered with and the source that loads it: the DataLoader
 * key of batched lookups. One loader per resource or embed name serves every mask clients send
 * and every reader or loader of that name, since the batch function asks each key's own source;
 * keys of different sources never share a result. Immutable; sources compare by identity.
 *
 * @param <V> the loaded value type
 */
record MaskedKey<V>(Source<V> source, Object key, FieldMask mask) {

  /** Loads the values of many keys rendered with one mask; missing keys are absent. */
  @FunctionalInterface
  interface Source<V> {
    Future<Map<Object, V>> load(List<Object> keys, FieldMask mask);
  }

  /** The keys of one source and mask, loaded with one call. */
  private record Group<V>(Source<V> source, FieldMask mask) {
  }

  /**
   * Loads a batch of masked keys with one {@code source.load(keys, mask)} call per distinct
   * source and mask: values by masked key (missing keys are absent). A call that fails (or
   * throws) fails only the keys of its source and mask: one DataLoader batch holds the lookups
   * of every sub-request of a batch, and one failing statement must not fail the others.
   */
  static <V> Future<BatchResult<MaskedKey<V>, V>> load(List<MaskedKey<V>> keys) {
    Map<Group<V>, List<Object>> byGroup = new LinkedHashMap<>();
    for (MaskedKey<V> k : keys) {
      byGroup.computeIfAbsent(new Group<>(k.source(), k.mask()), g -> new ArrayList<>())
          .add(k.key());
    }
    List<Group<V>> groups = new ArrayList<>(byGroup.keySet());
    List<Future<Map<Object, V>>> loads = new ArrayList<>(groups.size());
    for (Group<V> group : groups) {
      loads.add(loadGroup(group, byGroup.get(group)));
    }
    return Future.join(loads).transform(x -> {
      Map<MaskedKey<V>, V> values = new HashMap<>();
      Map<MaskedKey<V>, Throwable> errors = new HashMap<>();
      for (int i = 0; i < groups.size(); i++) {
        Group<V> group = groups.get(i);
        Future<Map<Object, V>> load = loads.get(i);
        if (load.failed()) {
          for (Object key : byGroup.get(group)) {
            errors.put(new MaskedKey<>(group.source(), key, group.mask()), load.cause());
          }
          continue;
        }
        for (Map.Entry<Object, V> e : load.result().entrySet()) {
          values.put(new MaskedKey<>(group.source(), e.getKey(), group.mask()), e.getValue());
        }
      }
      return Future.succeededFuture(BatchResult.of(values, errors));
    });
  }

  private static <V> Future<Map<Object, V>> loadGroup(Group<V> group, List<Object> keys) {
    try {
      return group.source().load(keys, group.mask());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
