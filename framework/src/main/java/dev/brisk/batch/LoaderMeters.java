package dev.brisk.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code brisk.batch.*} meters of one loader name, registered once per (registry, name) so
 * that per-request loaders do not look meters up on every request. Thread-safe.
 */
final class LoaderMeters {

  private static final ConcurrentMap<Key, LoaderMeters> BY_NAME = new ConcurrentHashMap<>();

  private final DistributionSummary batchSize;
  private final Counter loads;
  private final Counter cacheHits;
  private final Counter coalesced;

  private LoaderMeters(MeterRegistry registry, String name) {
    batchSize = DistributionSummary.builder("brisk.batch.size")
        .description("Keys sent per batch-function call")
        .baseUnit("keys")
        .tag("loader", name)
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
        .register(registry);
    loads = counter(registry, "brisk.batch.loads", "Keys requested through load/loadMany", name);
    cacheHits = counter(registry, "brisk.batch.cache.hits",
        "Loads answered by the scope's cache or an already pending key", name);
    coalesced = counter(registry, "brisk.batch.coalesced",
        "Keys that joined another scope's in-flight fetch", name);
  }

  /** The meters of {@code name} in {@code registry}. */
  static LoaderMeters of(MeterRegistry registry, String name) {
    return BY_NAME.computeIfAbsent(new Key(registry, name), k -> new LoaderMeters(registry, name));
  }

  private static Counter counter(MeterRegistry registry, String meter, String help, String name) {
    return Counter.builder(meter).description(help).tag("loader", name).register(registry);
  }

  void load() {
    loads.increment();
  }

  void cacheHit() {
    cacheHits.increment();
  }

  void coalesced() {
    coalesced.increment();
  }

  void batch(int size) {
    batchSize.record(size);
  }

  private record Key(MeterRegistry registry, String name) { }
}
