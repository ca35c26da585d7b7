package dev.brisk.shop.products;

import dev.brisk.BriskConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one {@code POST /api/products/import}. A line over {@code maxLineBytes} is an invalid
 * line (skipped unread, reported in the 422); exceeding any other bound answers a problem and
 * closes the connection: 413 for bytes, lines and decompression ratio, 408 for time.
 *
 * <p>{@code ProductImportLimits.defaults().withMaxLines(10_000)}
 *
 * @param maxBytes body bytes after decompression; default 64 MiB
 * @param maxLines lines; default 1,000,000
 * @param maxLineBytes bytes of one line (without its newline); default 64 KiB
 * @param maxDuration time from the first byte to the last; default 10 min
 * @param maxInflationRatio decompressed bytes per compressed byte of a {@code gzip} or
 *     {@code deflate} body, checked as it inflates; default 100
 */
public record ProductImportLimits(long maxBytes, long maxLines, int maxLineBytes,
    Duration maxDuration, int maxInflationRatio) {

  /** Validates every option; errors name the bad value. */
  public ProductImportLimits {
    positive("maxBytes", maxBytes);
    positive("maxLines", maxLines);
    positive("maxLineBytes", maxLineBytes);
    positive("maxInflationRatio", maxInflationRatio);
    Objects.requireNonNull(maxDuration, "maxDuration");
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("maxDuration must be positive, was " + maxDuration);
    }
  }

  /** 64 MiB, a million lines of at most 64 KiB, 10 minutes, inflation at most 100:1. */
  public static ProductImportLimits defaults() {
    return new ProductImportLimits(64L << 20, 1_000_000, 64 * 1024, Duration.ofMinutes(10), 100);
  }

  /**
   * {@link #defaults()} overridden by {@code --import-max-bytes}, {@code --import-max-lines},
   * {@code --import-max-line-bytes}, {@code --import-max-duration} and
   * {@code --import-max-inflation-ratio} (or their {@code BRISK_IMPORT_*} variables).
   */
  public static ProductImportLimits from(BriskConfig config) {
    ProductImportLimits d = defaults();
    return new ProductImportLimits(
        config.getLong("import-max-bytes", d.maxBytes),
        config.getLong("import-max-lines", d.maxLines),
        config.getInt("import-max-line-bytes", d.maxLineBytes),
        config.getDuration("import-max-duration", d.maxDuration),
        config.getInt("import-max-inflation-ratio", d.maxInflationRatio));
  }

  /** Returns a copy with another maxBytes. */
  public ProductImportLimits withMaxBytes(long n) {
    return new ProductImportLimits(n, maxLines, maxLineBytes, maxDuration, maxInflationRatio);
  }

  /** Returns a copy with another maxLines. */
  public ProductImportLimits withMaxLines(long n) {
    return new ProductImportLimits(maxBytes, n, maxLineBytes, maxDuration, maxInflationRatio);
  }

  /** Returns a copy with another maxDuration. */
  public ProductImportLimits withMaxDuration(Duration d) {
    return new ProductImportLimits(maxBytes, maxLines, maxLineBytes, d, maxInflationRatio);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }
}
