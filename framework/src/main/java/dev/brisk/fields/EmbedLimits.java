package dev.brisk.fields;

/**
 * Bounds on what embeds may add to one response: a to-many embed lists at most
 * {@code maxPerParent} rows per parent (a capped one carries {@code <name>_has_more: true}), and
 * one request embeds at most {@code maxRows} rows in all, every level and every sub-request of a
 * batch together (beyond: a 413 problem).
 *
 * <p>{@code ResourceReader.create(CATEGORY, db, pager).withEmbedLimits(EmbedLimits.fromEnv())}
 *
 * @param maxPerParent rows of a to-many embed per parent; default 100
 * @param maxRows embedded rows one request may attach, all levels; default 50,000
 */
public record EmbedLimits(int maxPerParent, long maxRows) {

  /** Environment variable for {@link #maxPerParent()}. */
  public static final String MAX_PER_PARENT_ENV = "BRISK_EMBED_MAX_PER_PARENT";

  /** Environment variable for {@link #maxRows()}. */
  public static final String MAX_ROWS_ENV = "BRISK_MAX_ROWS_PER_REQUEST";

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

  /**
   * {@link #defaults()} with {@code BRISK_EMBED_MAX_PER_PARENT} and
   * {@code BRISK_MAX_ROWS_PER_REQUEST} applied.
   *
   * @throws IllegalArgumentException naming the variable when one is not a number
   */
  public static EmbedLimits fromEnv() {
    EmbedLimits d = defaults();
    return new EmbedLimits((int) number(MAX_PER_PARENT_ENV, d.maxPerParent),
        number(MAX_ROWS_ENV, d.maxRows));
  }

  private static long number(String env, long fallback) {
    String value = System.getenv(env);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(env + " must be a whole number, was '" + value + "'");
    }
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
