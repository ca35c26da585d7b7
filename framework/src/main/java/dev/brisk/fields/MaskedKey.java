package dev.brisk.fields;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A key together with the mask it is rendered with: the DataLoader key of batched lookups, so one
 * loader per resource or embed serves every mask clients send. Immutable.
 */
record MaskedKey(Object key, FieldMask mask) {

  /**
   * Loads a batch of masked keys with one {@code load(keys, mask)} call per distinct mask and
   * returns the values by masked key (missing keys are absent).
   */
  static <V> Future<Map<MaskedKey, V>> loadByMask(List<MaskedKey> keys,
      BiFunction<List<Object>, FieldMask, Future<Map<Object, V>>> load) {
    Map<FieldMask, List<Object>> byMask = new LinkedHashMap<>();
    for (MaskedKey k : keys) {
      byMask.computeIfAbsent(k.mask(), m -> new ArrayList<>()).add(k.key());
    }
    List<FieldMask> masks = new ArrayList<>(byMask.keySet());
    List<Future<Map<Object, V>>> loads = new ArrayList<>(masks.size());
    for (FieldMask mask : masks) {
      loads.add(load.apply(byMask.get(mask), mask));
    }
    return Future.all(loads).map(x -> {
      Map<MaskedKey, V> result = new HashMap<>();
      for (int i = 0; i < masks.size(); i++) {
        for (Map.Entry<Object, V> e : loads.get(i).result().entrySet()) {
          result.put(new MaskedKey(e.getKey(), masks.get(i)), e.getValue());
        }
      }
      return result;
    });
  }
}
