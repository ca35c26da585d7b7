package dev.brisk.imports;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one NDJSON import ({@link NdjsonImport}). A line over {@code maxLineBytes} is an
 * invalid line (skipped unread, reported in the 422); crossing any other bound stops reading and
 * answers what was imported: 413 for bytes, lines and inflation ratio, 408 for time and stalls.
 *
 * <p>{@code ImportLimits.defaults().withMaxLines(10_000).withBatchSize(200)}
 *
 * @param maxBytes body bytes after decompression; default 64 MiB
 * @param maxLines non-blank lines; default 1,000,000
 * @param maxLineBytes bytes of one line (without its newline); default 64 KiB
 * @param maxDuration time to read the body, from the handler's start to its last byte; default
 *     10 min (its last batch is then written however long that takes)
 * @param maxInflationRatio decompressed bytes per compressed byte of a {@code gzip} or
 *     {@code deflate} body, checked as it inflates; default 100
 * @param batchSize valid lines written per transaction; default 500
 * @param stallTimeout a client that sends nothing this long while the import waits for it is
 *     answered 408; default 30 s (an app's {@code --stream-stall-timeout} is
 *     {@code context.streamOptions().stallTimeout()})
 */
public record ImportLimits(long maxBytes, long maxLines, int maxLineBytes, Duration maxDuration,
    int maxInflationRatio, int batchSize, Duration stallTimeout) {

  /** Validates every option; errors name the bad value. */
  public ImportLimits {
    atLeastOne("maxBytes", maxBytes);
    atLeastOne("maxLines", maxLines);
    atLeastOne("maxLineBytes", maxLineBytes);
    atLeastOne("maxInflationRatio", maxInflationRatio);
    atLeastOne("batchSize", batchSize);
    positive("maxDuration", maxDuration);
    positive("stallTimeout", stallTimeout);
  }

  /** 64 MiB, a million lines of at most 64 KiB, 10 minutes, 100:1, batches of 500, 30 s. */
  public static ImportLimits defaults() {
    return new ImportLimits(64L << 20, 1_000_000, 64 * 1024, Duration.ofMinutes(10), 100, 500,
        Duration.ofSeconds(30));
  }

  /** Returns a copy with another maxBytes. */
  public ImportLimits withMaxBytes(long n) {
    return new ImportLimits(n, maxLines, maxLineBytes, maxDuration, maxInflationRatio,
        batchSize, stallTimeout);
  }

  /** Returns a copy with another maxLines. */
  public ImportLimits withMaxLines(long n) {
    return new ImportLimits(maxBytes, n, maxLineBytes, maxDuration, maxInflationRatio,
        batchSize, stallTimeout);
  }

  /** Returns a copy with another maxLineBytes. */
  public ImportLimits withMaxLineBytes(int n) {
    return new ImportLimits(maxBytes, maxLines, n, maxDuration, maxInflationRatio, batchSize,
        stallTimeout);
  }

  /** Returns a copy with another maxDuration. */
  public ImportLimits withMaxDuration(Duration d) {
    return new ImportLimits(maxBytes, maxLines, maxLineBytes, d, maxInflationRatio, batchSize,
        stallTimeout);
  }

  /** Returns a copy with another maxInflationRatio. */
  public ImportLimits withMaxInflationRatio(int n) {
    return new ImportLimits(maxBytes, maxLines, maxLineBytes, maxDuration, n, batchSize,
        stallTimeout);
  }

  /** Returns a copy with another batchSize. */
  public ImportLimits withBatchSize(int n) {
    return new ImportLimits(maxBytes, maxLines, maxLineBytes, maxDuration, maxInflationRatio, n,
        stallTimeout);
  }

  /** Returns a copy with another stallTimeout. */
  public ImportLimits withStallTimeout(Duration d) {
    return new ImportLimits(maxBytes, maxLines, maxLineBytes, maxDuration, maxInflationRatio,
        batchSize, d);
  }

  private static void atLeastOne(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
