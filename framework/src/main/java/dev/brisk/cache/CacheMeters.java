package dev.brisk.cache;

import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cache's meters: {@code brisk.cache.hits} (by resource and level), {@code .misses},
 * {@code .loads} (by outcome), {@code .stale}, {@code .evictions} (by cause),
 * {@code .invalidations} (by origin), {@code .fill.waits} (waits for another instance's load, by
 * outcome: {@code filled} or {@code timeout}), {@code .redis.errors}, {@code .ack.timeouts},
 * {@code .redis.full} (entries kept out of L2 by the instance's bound), the
 * {@code brisk.cache.redis.bytes} gauge and the {@code brisk.cache.degraded} gauge (1 while Redis
 * is unreachable). Thread-safe.
 */
final class CacheMeters {

  /** The HELP text of each counter (Prometheus shows it; promtool's lint asks for it). */
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "brisk.cache.hits", "Reads answered from the cache, by level",
      "brisk.cache.misses", "Reads that found no entry and loaded",
      "brisk.cache.loads", "Loads of entries, by outcome (success, absent: 404, failure)",
      "brisk.cache.fill.waits", "Waits for another instance's load of the same entry",
      "brisk.cache.stale", "Stale entries served while one reload runs",
      "brisk.cache.evictions", "L1 entries evicted, by cause",
      "brisk.cache.invalidations", "Tags invalidated, by origin (local write or remote message)",
      "brisk.cache.redis.errors", "Redis calls of the cache that failed, by operation",
      "brisk.cache.ack.timeouts",
      "Invalidations not acknowledged by every instance within the ack timeout",
      "brisk.cache.redis.full",
      "Entries kept in L1 only: the instance's bytes in L2 reached cache-redis-max-bytes");

  private final MeterRegistry registry;
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
  private final AtomicInteger degraded;

  CacheMeters(MeterRegistry registry) {
    this.registry = registry;
    this.degraded = new AtomicInteger();
    Gauge.builder("brisk.cache.degraded", degraded, AtomicInteger::get)
        .description("1 while Redis is unreachable: L1 only, with short lifetimes")
        .register(registry);
  }

  void hit(String resource, String level) {
    count("brisk.cache.hits", "resource", resource, "level", level);
  }

  void miss(String resource) {
    count("brisk.cache.misses", "resource", resource, "level", "all");
  }

  /**
   * A load's outcome: {@code success}, {@code absent} (the loader answered 404: nothing to cache,
   * a client asking for what does not exist) or {@code failure}.
   */
  void load(String resource, Throwable failure) {
    count("brisk.cache.loads", "resource", resource, "outcome", failure == null ? "success"
        : failure instanceof Problem p && p.status() == 404 ? "absent" : "failure");
  }

  void fillWait(String resource, String outcome) {
    count("brisk.cache.fill.waits", "resource", resource, "outcome", outcome);
  }

  void stale(String resource) {
    count("brisk.cache.stale", "resource", resource, "level", "l1");
  }

  void eviction(String cause) {
    count("brisk.cache.evictions", "cause", cause, "level", "l1");
  }

  void invalidation(String origin, int tags) {
    counter("brisk.cache.invalidations", "origin", origin, "level", "all").increment(tags);
  }

  /** An entry kept out of L2: this instance's bytes there reached their bound. */
  void redisFull(String resource) {
    count("brisk.cache.redis.full", "resource", resource, "level", "l2");
  }

  /** The {@code brisk.cache.redis.bytes} gauge: what this instance keeps in L2 now. */
  void redisBytes(LongSupplier held) {
    Gauge.builder("brisk.cache.redis.bytes", held, s -> s.getAsLong())
        .description("Bytes of the L2 entries this instance stored that have not expired")
        .baseUnit("bytes").strongReference(true).register(registry);
  }

  void redisError(String operation) {
    count("brisk.cache.redis.errors", "operation", operation, "level", "l2");
  }

  void ackTimeout() {
    count("brisk.cache.ack.timeouts", "origin", "local", "level", "all");
  }

  void degraded(boolean on) {
    degraded.set(on ? 1 : 0);
  }

  private void count(String name, String k1, String v1, String k2, String v2) {
    counter(name, k1, v1, k2, v2).increment();
  }

  private Counter counter(String name, String k1, String v1, String k2, String v2) {
    // Counted on every read: the key hashes the strings' cached hashes, no text is built.
    Key key = new Key(name, v1, v2);
    Counter counter = counters.get(key);
    return counter != null ? counter
        : counters.computeIfAbsent(key, x -> Counter.builder(name)
            .description(DESCRIPTIONS.get(name)).tags(k1, v1, k2, v2).register(registry));
  }

  private record Key(String name, String v1, String v2) {
  }
}
