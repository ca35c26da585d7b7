package dev.brisk.fields;

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
   * source and mask, and returns the values by masked key (missing keys are absent).
   */
  static <V> Future<Map<MaskedKey<V>, V>> load(List<MaskedKey<V>> keys) {
    Map<Group<V>, List<Object>> byGroup = new LinkedHashMap<>();
    for (MaskedKey<V> k : keys) {
      byGroup.computeIfAbsent(new Group<>(k.source(), k.mask()), g -> new ArrayList<>())
          .add(k.key());
    }
    List<Group<V>> groups = new ArrayList<>(byGroup.keySet());
    List<Future<Map<Object, V>>> loads = new ArrayList<>(groups.size());
    for (Group<V> group : groups) {
      loads.add(group.source().load(byGroup.get(group), group.mask()));
    }
    return Future.all(loads).map(x -> {
      Map<MaskedKey<V>, V> result = new HashMap<>();
      for (int i = 0; i < groups.size(); i++) {
        Group<V> group = groups.get(i);
        for (Map.Entry<Object, V> e : loads.get(i).result().entrySet()) {
          result.put(new MaskedKey<>(group.source(), e.getKey(), group.mask()), e.getValue());
        }
      }
      return result;
    });
  }
}
