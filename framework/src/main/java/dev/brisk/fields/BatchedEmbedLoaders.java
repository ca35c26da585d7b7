package dev.brisk.fields;

import dev.brisk.batch.BatchFn;
import dev.brisk.batch.DataLoader;
import dev.brisk.batch.DataLoaderOptions;
import dev.brisk.batch.DataLoaderScope;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQL embed loaders behind DataLoaders of one scope: every render in the scope that needs the same
 * embed in the same event-loop turn shares one {@code = ANY($1)} query per sub-mask, and a key
 * loaded twice is read once. One loader per embed keeps meter tags bounded whatever masks clients
 * send; the batch function groups keys by mask.
 */
final class BatchedEmbedLoaders implements EmbedLoaders {

  private final DataLoaderScope scope;
  private final SqlRunner runner;
  private final DataLoaderOptions options;
  private final Map<Embed, EmbedLoader> direct = new ConcurrentHashMap<>();

  BatchedEmbedLoaders(DataLoaderScope scope, SqlRunner runner, DataLoaderOptions options) {
    this.scope = scope;
    this.runner = runner;
    this.options = options;
  }

  @Override
  public EmbedLoader loaderFor(Embed embed) {
    EmbedLoader sql = direct.computeIfAbsent(embed, e -> new SqlEmbedLoader(e, runner, this));
    DataLoader<MaskedKey, Object> loader = scope.loader("embed:" + embed.qualifiedName(),
        BatchFn.mapped(keys -> loadGrouped(sql, keys)), options);
    return (keys, subMask) -> {
      List<MaskedKey> masked = new ArrayList<>(keys.size());
      for (Object key : keys) {
        masked.add(new MaskedKey(key, subMask));
      }
      return loader.loadMany(masked).map(values -> {
        Map<Object, Object> byKey = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
          if (values.get(i) != null) {
            byKey.put(keys.get(i), values.get(i));
          }
        }
        return byKey;
      });
    };
  }

  private static Future<Map<MaskedKey, Object>> loadGrouped(EmbedLoader sql,
      List<MaskedKey> keys) {
    Map<FieldMask, List<Object>> byMask = new LinkedHashMap<>();
    for (MaskedKey k : keys) {
      byMask.computeIfAbsent(k.mask(), m -> new ArrayList<>()).add(k.key());
    }
    List<Future<Map<Object, Object>>> loads = new ArrayList<>();
    List<FieldMask> masks = new ArrayList<>(byMask.keySet());
    for (FieldMask mask : masks) {
      loads.add(sql.load(byMask.get(mask), mask));
    }
    return Future.all(loads).map(x -> {
      Map<MaskedKey, Object> result = new HashMap<>();
      for (int i = 0; i < masks.size(); i++) {
        for (Map.Entry<Object, Object> e : loads.get(i).result().entrySet()) {
          result.put(new MaskedKey(e.getKey(), masks.get(i)), e.getValue());
        }
      }
      return result;
    });
  }

  /** A key together with the sub-mask it is rendered with. */
  private record MaskedKey(Object key, FieldMask mask) {
  }
}
