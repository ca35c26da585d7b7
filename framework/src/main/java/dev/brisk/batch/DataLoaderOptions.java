package dev.brisk.batch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Objects;

/**
 * Options of one {@link DataLoader}.
 *
 * <p>{@code DataLoaderOptions.defaults().withMaxBatchSize(100).withCoalesce(true)}
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxBatchSize most keys handed to one batch-function call; more pending keys are split
 *     into several calls (default 256)
 * @param cache whether a key loaded twice in one {@link DataLoaderScope} is fetched once; only
 *     successful results are kept, failures are forgotten so a later load retries (default on)
 * @param coalesce whether a key already being fetched by another scope's batch on the same event
 *     loop joins that fetch instead of being sent again (single-flight, default off); only for
 *     loaders whose name identifies the data exactly
 * @param registry where the {@code brisk.batch.*} meters go (default
 *     {@link Metrics#globalRegistry})
 */
public record DataLoaderOptions(
    int maxBatchSize, boolean cache, boolean coalesce, MeterRegistry registry) {

  /** Validates the options; errors name the bad value. */
  public DataLoaderOptions {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, was " + maxBatchSize);
    }
    Objects.requireNonNull(registry, "registry");
  }

  /** 256 keys per batch, cache on, coalescing off, the global meter registry. */
  public static DataLoaderOptions defaults() {
    return new DataLoaderOptions(256, true, false, Metrics.globalRegistry);
  }

  /** A copy with another maximum batch size. */
  public DataLoaderOptions withMaxBatchSize(int n) {
    return new DataLoaderOptions(n, cache, coalesce, registry);
  }

  /** A copy with the per-scope cache switched on or off. */
  public DataLoaderOptions withCache(boolean on) {
    return new DataLoaderOptions(maxBatchSize, on, coalesce, registry);
  }

  /** A copy with cross-scope coalescing of in-flight keys switched on or off. */
  public DataLoaderOptions withCoalesce(boolean on) {
    return new DataLoaderOptions(maxBatchSize, cache, on, registry);
  }

  /** A copy that records meters in another registry. */
  public DataLoaderOptions withRegistry(MeterRegistry r) {
    return new DataLoaderOptions(maxBatchSize, cache, coalesce, r);
  }
}
