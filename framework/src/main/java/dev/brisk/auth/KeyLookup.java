package dev.brisk.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * API-key lookups by hash with two bounded caches: known keys, and unknown hashes (so a repeated
 * bad key costs no query, while random keys only evict each other). Entries live for the cache
 * period, which is how long a deleted key keeps working. Thread-safe.
 */
final class KeyLookup {

  private final ApiKeyStore store;
  private final Cache<String, ApiKey> known;
  private final Cache<String, Boolean> unknown;

  KeyLookup(ApiKeyStore store, AuthOptions options, MeterRegistry registry) {
    this.store = store;
    // Looked up on every request: maintenance runs inline (amortized, lock-free attempts), not
    // as a task submitted to the common ForkJoin pool after each burst of reads.
    this.known = Caffeine.newBuilder().maximumSize(options.keyCacheSize())
        .expireAfterWrite(options.keyCacheTtl()).executor(Runnable::run).recordStats().build();
    this.unknown = Caffeine.newBuilder().maximumSize(options.negativeCacheSize())
        .expireAfterWrite(options.keyCacheTtl()).executor(Runnable::run).recordStats().build();
    CaffeineCacheMetrics.monitor(registry, known, "brisk.auth.keys");
    CaffeineCacheMetrics.monitor(registry, unknown, "brisk.auth.unknown_keys");
  }

  /**
   * The key with this hash, or null when the store does not know it; a hash in neither cache
   * asks the store once {@code admit} completes (its failure is this lookup's).
   */
  Future<ApiKey> find(String hash, Supplier<Future<Void>> admit) {
    ApiKey key = known.getIfPresent(hash);
    if (key != null) {
      return Future.succeededFuture(key);
    }
    if (unknown.getIfPresent(hash) != null) {
      return Future.succeededFuture(null);
    }
    return admit.get().compose(admitted -> store.find(hash)).onSuccess(found -> {
      if (found == null) {
        unknown.put(hash, Boolean.TRUE);
      } else {
        known.put(hash, found);
      }
    });
  }
}
