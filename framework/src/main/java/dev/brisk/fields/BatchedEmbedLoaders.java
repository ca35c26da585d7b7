package dev.brisk.fields;

import dev.brisk.batch.DataLoader;
import dev.brisk.batch.DataLoaderOptions;
import dev.brisk.batch.DataLoaderScope;
import dev.brisk.db.Sql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * SQL embed loaders behind DataLoaders of a scope: every render in the scope that needs the same
 * embed in the same event-loop turn shares one {@code = ANY($1)} query per sub-mask, and a key
 * loaded twice is read once. One DataLoader per embed keeps meter tags bounded whatever masks
 * clients send; its keys carry this instance's SQL loader, so two instances never answer for
 * each other. The SQL loaders are built once per instance; the scope is looked up per render.
 */
final class BatchedEmbedLoaders implements EmbedLoaders {

  /**
   * One {@code = ANY($1)} array of a few thousand keys is still one cheap statement, so embeds of
   * a full page (100 orders with 5 items each) stay one query per level. Every batched lookup of
   * the fields package uses these options, so no registration's options differ from another's.
   */
  static final DataLoaderOptions OPTIONS = DataLoaderOptions.defaults().withMaxBatchSize(5_000);

  private final Supplier<DataLoaderScope> scope;
  private final Sql sql;
  private final EmbedLoaders overrides;
  private final EmbedLimits limits;
  private final Map<Embed, MaskedKey.Source<Object>> sources = new ConcurrentHashMap<>();

  BatchedEmbedLoaders(Supplier<DataLoaderScope> scope, Sql sql, EmbedLoaders overrides,
      EmbedLimits limits) {
    this.scope = scope;
    this.sql = sql;
    this.overrides = overrides;
    this.limits = limits;
  }

  @Override
  public EmbedLoader loaderFor(Embed embed) {
    EmbedLoader override = overrides.loaderFor(embed);
    if (override != null) {
      return override;
    }
    MaskedKey.Source<Object> source =
        sources.computeIfAbsent(embed, e -> new SqlEmbedLoader(e, sql, this, limits)::load);
    DataLoader<MaskedKey<Object>, Object> loader = scope.get().loader(
        "embed:" + embed.qualifiedName(), MaskedKey::load, OPTIONS);
    return (keys, subMask) -> {
      List<MaskedKey<Object>> masked = new ArrayList<>(keys.size());
      for (Object key : keys) {
        masked.add(new MaskedKey<>(source, key, subMask));
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
