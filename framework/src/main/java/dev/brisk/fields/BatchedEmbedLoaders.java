package dev.brisk.fields;

import dev.brisk.batch.BatchFn;
import dev.brisk.batch.DataLoader;
import dev.brisk.batch.DataLoaderOptions;
import dev.brisk.batch.DataLoaderScope;
import java.util.ArrayList;
import java.util.HashMap;
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
        BatchFn.mapped(keys -> MaskedKey.loadByMask(keys, sql::load)), options);
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
}
