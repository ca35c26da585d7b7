package dev.brisk.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A two-level cache of encoded representations: L1 in this process (Caffeine, bounded by
 * weight), L2 in Redis, read through with one load per key however many callers miss at once.
 * Entries carry tags ({@code product:5}); {@link #invalidate} drops every entry with one of the
 * tags on every instance (Redis pub/sub, acknowledged) before it completes. While Redis is
 * unreachable the cache runs on L1 alone with short lifetimes and recovers by itself.
 *
 * <p>{@code cache.get(key, () -> load(id)).map(body -> Reply.bytes(200, JSON, body.body()))}
 *
 * <p>Thread-safe; may be used from any event loop. Futures complete on the caller's context.
 */
public interface Cache {

  /**
   * A cache over {@code redis} (its own pub/sub connection included); with
   * {@code options.enabled()} false, every get loads and nothing is kept, but invalidations are
   * still sent, so instances that do cache never serve what this one changed. Call
   * {@link #start} before use.
   */
  static Cache create(Vertx vertx, Redis redis, CacheOptions options, MeterRegistry registry) {
    CacheMeters meters = new CacheMeters(registry);
    RedisTier l2 = new RedisTier(vertx, redis, options, meters);
    if (!options.enabled()) {
      return new DisabledCache(l2, meters);
    }
    return new DefaultCache(vertx, new LocalTier(options, meters), l2, options, meters);
  }

  /** Subscribes to invalidations; completes even when Redis is down (it retries). */
  Future<Void> start();

  /** Whether entries are kept at all ({@code false} with {@code BRISK_CACHE=off}). */
  boolean isEnabled();

  /**
   * The entry for {@code key}: from L1, else L2, else {@code loader} (once per key for all
   * concurrent callers). A stale L1 entry within the stale-while-revalidate window is returned
   * at once and reloaded in the background. A failed load is not cached, nor one that a tag of
   * its result was invalidated during; for a sub-request of a batch (whose lookups are shared
   * for the whole batch) the load counts as starting when the batch began.
   */
  Future<CachedBody> get(CacheKey key, Supplier<Future<CachedBody>> loader);

  /**
   * Drops every entry tagged with one of {@code tags} here, in Redis and, before this completes,
   * on every other instance that acknowledges within the ack timeout. Never fails: when Redis is
   * down, other instances are on short L1 lifetimes already.
   */
  Future<Void> invalidate(Collection<String> tags);

  /** Stops the subscription; entries are dropped. */
  Future<Void> close();
}
