package dev.brisk.fields;

import dev.brisk.db.Sql;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the {@link EmbedLoader} for each embed at render time, so loaders can be per request
 * (a request-scoped batcher or cache) while declarations stay static.
 *
 * <pre>{@code
 * Renderer renderer = Renderer.create(EmbedLoaders.sql(db));
 * }</pre>
 *
 * <p>Implementations are called on the caller's Vert.x context and must not block.
 */
@FunctionalInterface
public interface EmbedLoaders {
  /** The loader for {@code embed}, or {@code null} when none is known (rendering then fails). */
  EmbedLoader loaderFor(Embed embed);

  /**
   * Loaders by {@link Embed#qualifiedName()}: {@code EmbedLoaders.of(Map.of("product.category",
   * categories))}. The map is copied.
   */
  static EmbedLoaders of(Map<String, EmbedLoader> byQualifiedName) {
    Map<String, EmbedLoader> copy = Map.copyOf(byQualifiedName);
    return embed -> copy.get(embed.qualifiedName());
  }

  /**
   * SQL loaders ({@link EmbedLoader#sql}) for every declared embed: one query per embed per
   * level, e.g. 3 queries for orders with {@code items(product(category))} after the orders.
   */
  static EmbedLoaders sql(Sql sql) {
    return sql(sql, embed -> null);
  }

  /**
   * As {@link #sql(Sql)}, but {@code overrides} wins where it returns a loader, also for embeds
   * nested below a SQL-loaded level.
   */
  static EmbedLoaders sql(Sql sql, EmbedLoaders overrides) {
    return sql(sql, overrides, EmbedLimits.defaults());
  }

  /**
   * As {@link #sql(Sql, EmbedLoaders)}, reading to-many embeds at most
   * {@code limits.maxPerParent() + 1} rows per parent (the renderer keeps the cap and says
   * {@code _has_more}).
   */
  static EmbedLoaders sql(Sql sql, EmbedLoaders overrides, EmbedLimits limits) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(overrides, "overrides");
    Objects.requireNonNull(limits, "limits");
    return new SqlEmbedLoaders(sql, overrides, limits);
  }
}
