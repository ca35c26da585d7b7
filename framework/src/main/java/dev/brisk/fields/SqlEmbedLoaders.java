package dev.brisk.fields;

import java.util.concurrent.ConcurrentHashMap;

/** Overrides first, then a SQL loader per embed (created once, reused). Thread-safe. */
final class SqlEmbedLoaders implements EmbedLoaders {
  private final SqlRunner runner;
  private final EmbedLoaders overrides;
  private final ConcurrentHashMap<Embed, EmbedLoader> sqlLoaders = new ConcurrentHashMap<>();

  SqlEmbedLoaders(SqlRunner runner, EmbedLoaders overrides) {
    this.runner = runner;
    this.overrides = overrides;
  }

  @Override
  public EmbedLoader loaderFor(Embed embed) {
    EmbedLoader override = overrides.loaderFor(embed);
    if (override != null) {
      return override;
    }
    return sqlLoaders.computeIfAbsent(embed, e -> new SqlEmbedLoader(e, runner, this));
  }
}
