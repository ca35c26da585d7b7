package dev.brisk.fields;

/**
 * Bounds on what embeds may add to one response: a to-many embed lists at most
 * {@code maxPerParent} rows per parent (a capped one carries {@code <name>_has_more: true}), and
 * one request embeds at most {@code maxRows} rows in all, every level and every sub-request of a
 * batch together, an embed shared by several parents counted for each with what it embeds
 * (beyond: a 413 problem, before the level that crosses it is built).
 *
 * <p>{@code ResourceReader.create(CATEGORY, db, pager).withEmbedLimits(limits)}; an app's limits
 * are {@code BriskContext.embedLimits()}, from its settings {@code --embed-max-per-parent} and
 * {@code --max-rows-per-request}, and {@code context.endpoint(...)} and
 * {@code context.reader(...)} apply them. Immutable.
 *
 * @param maxPerParent rows of a to-many embed per parent; default 100
 * @param maxRows embedded rows one request may attach, all levels; default 50,000
 */
public record EmbedLimits(int maxPerParent, long maxRows) {

  /** Validates every option; errors name the bad value. */
  public EmbedLimits {
    if (maxPerParent < 1) {
      throw new IllegalArgumentException("maxPerParent must be >= 1, was " + maxPerParent);
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1, was " + maxRows);
    }
  }

  /** 100 rows per parent, 50,000 rows per request. */
  public static EmbedLimits defaults() {
    return new EmbedLimits(100, 50_000);
  }

  /** Returns a copy with another maxPerParent. */
  public EmbedLimits withMaxPerParent(int n) {
    return new EmbedLimits(n, maxRows);
  }

  /** Returns a copy with another maxRows. */
  public EmbedLimits withMaxRows(long n) {
    return new EmbedLimits(maxPerParent, n);
  }
}
