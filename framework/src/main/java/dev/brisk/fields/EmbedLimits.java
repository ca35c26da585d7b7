package dev.brisk.fields;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Bounds on what embeds may add to one response: a to-many embed lists at most
 * {@code maxPerParent} rows per parent (a capped one carries {@code <name>_has_more: true}), and
 * one request embeds at most {@code maxRows} rows in all, every level and every sub-request of a
 * batch together, an embed shared by several parents counted for each with what it embeds
 * (beyond: a 413 problem, before the level that crosses it is built). A caller's tier may have a
 * smaller budget ({@code maxRowsByTier}), so cheap callers cannot make a request render for
 * hundreds of milliseconds.
 *
 * <p>{@code ResourceReader.create(CATEGORY, db, pager).withEmbedLimits(limits)}; an app's limits
 * are {@code BriskContext.embedLimits()}, from its settings {@code --embed-max-per-parent},
 * {@code --max-rows-per-request} and {@code --max-rows-per-tier}, and
 * {@code context.endpoint(...)} and {@code context.reader(...)} apply them. Immutable.
 *
 * @param maxPerParent rows of a to-many embed per parent; default 100
 * @param maxRows embedded rows one request may attach, all levels; default 50,000
 * @param maxRowsByTier the budget of a tier's callers by tier name, each at most {@code maxRows}
 *     in effect; a tier not listed (and a request with no caller) has {@code maxRows}; default
 *     none listed
 */
public record EmbedLimits(int maxPerParent, long maxRows, Map<String, Long> maxRowsByTier) {

  /** Validates every option; errors name the bad value. */
  public EmbedLimits {
    if (maxPerParent < 1) {
      throw new IllegalArgumentException("maxPerParent must be >= 1, was " + maxPerParent);
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1, was " + maxRows);
    }
    Objects.requireNonNull(maxRowsByTier, "maxRowsByTier");
    maxRowsByTier.forEach((tier, rows) -> {
      if (rows < 1) {
        throw new IllegalArgumentException("maxRowsByTier of tier '" + tier + "' must be >= 1, "
            + "was " + rows);
      }
    });
    maxRowsByTier = Map.copyOf(maxRowsByTier);
  }

  /** Limits with the same budget for every tier. */
  public EmbedLimits(int maxPerParent, long maxRows) {
    this(maxPerParent, maxRows, Map.of());
  }

  /** 100 rows per parent, 50,000 rows per request, whatever the tier. */
  public static EmbedLimits defaults() {
    return new EmbedLimits(100, 50_000);
  }

  /**
   * The rows a request of a caller in {@code tier} may embed: its tier's budget, never more than
   * {@link #maxRows()}; {@code maxRows} for a tier not listed or a null tier (no caller).
   */
  public long maxRowsFor(String tier) {
    Long own = tier == null ? null : maxRowsByTier.get(tier);
    return own == null ? maxRows : Math.min(own, maxRows);
  }

  /** The tiers' budgets as text, sorted by tier name: {@code anonymous=12500;free=37500}. */
  String tiersText() {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(maxRowsByTier).forEach((tier, rows) ->
        text.append(text.isEmpty() ? "" : ";").append(tier).append('=').append(rows));
    return text.toString();
  }

  /** Returns a copy with another maxPerParent. */
  public EmbedLimits withMaxPerParent(int n) {
    return new EmbedLimits(n, maxRows, maxRowsByTier);
  }

  /** Returns a copy with another maxRows; tiers' budgets above it are held to it. */
  public EmbedLimits withMaxRows(long n) {
    return new EmbedLimits(maxPerParent, n, maxRowsByTier);
  }

  /** Returns a copy with these tiers' budgets (a tier not listed has {@code maxRows}). */
  public EmbedLimits withMaxRowsByTier(Map<String, Long> byTier) {
    return new EmbedLimits(maxPerParent, maxRows, byTier);
  }
}
