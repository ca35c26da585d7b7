package dev.brisk.fields;

import dev.brisk.db.Sql;
import java.util.concurrent.ConcurrentHashMap;

/** Overrides first, then a SQL loader per embed (created once, reused). Thread-safe. */
final class SqlEmbedLoaders implements EmbedLoaders {
  private final Sql sql;
  private final EmbedLoaders overrides;
  private final EmbedLimits limits;
  private final ConcurrentHashMap<Embed, EmbedLoader> sqlLoaders = new ConcurrentHashMap<>();

  SqlEmbedLoaders(Sql sql, EmbedLoaders overrides, EmbedLimits limits) {
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
    return sqlLoaders.computeIfAbsent(embed, e -> new SqlEmbedLoader(e, sql, this, limits));
  }
}
