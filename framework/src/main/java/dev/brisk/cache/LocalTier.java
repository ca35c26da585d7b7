package dev.brisk.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.brisk.internal.InvalidationClock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * L1: Caffeine bounded by weight, with per-entry lifetimes (fresh plus stale), an index from
 * tag to keys for invalidation, and invalidation epochs so a load that overlapped an
 * invalidation of one of its tags is not stored. Callbacks run on the calling thread (direct
 * executor), never on the ForkJoin pool. Thread-safe.
 */
final class LocalTier {

  /** A cached body, fresh until {@code freshUntil} (nanos), kept for {@code lifetime} nanos. */
  record Entry(CachedBody body, long freshUntil, long lifetime) {
  }

  private static final int TAG_EPOCHS = 100_000;

  private final CacheOptions options;
  private final CacheMeters meters;
  private final com.github.benmanes.caffeine.cache.Cache<String, Entry> cache;
  private final Map<String, Map<String, Entry>> keysByTag = new ConcurrentHashMap<>();
  /** Epoch of each tag's last invalidation, oldest first; guarded by this. */
  private final LinkedHashMap<String, Long> tagEpochs = new LinkedHashMap<>();
  /**
   * The epoch of the latest invalidation here: epochs are {@link InvalidationClock} ticks, so an
   * epoch read elsewhere (when a batch began) compares with them too.
   */
  private long epoch = InvalidationClock.now();
  /** Loads that started before this epoch are not stored (tag history was dropped). */
  private long floor;
  private volatile boolean degraded;

  LocalTier(CacheOptions options, CacheMeters meters) {
    this.options = options;
    this.meters = meters;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(options.maxBytes())
        .<String, Entry>weigher((k, v) -> k.length() + v.body().weight())
        .expireAfter(Expiry.<String, Entry>writing((k, v) -> Duration.ofNanos(v.lifetime())))
        .ticker(options.nanoClock()::getAsLong)
        .executor(Runnable::run)
        .removalListener(this::removed)
        .build();
  }

  Entry get(String key) {
    return cache.getIfPresent(key);
  }

  boolean isFresh(Entry entry) {
    return options.nanoClock().getAsLong() - entry.freshUntil() < 0;
  }

  /** The current epoch: pass it to {@link #putIfCurrent} after loading. */
  synchronized long epoch() {
    return epoch;
  }

  /**
   * Stores {@code body}, loaded from {@code loadedFrom} (nanos) on, unless one of its tags was
   * invalidated after epoch {@code since}; returns whether it did. While Redis is down entries
   * live {@code degradedTtl} from the start of their load, are never stale, and are not stored
   * once that has passed: a write on another instance is answered that long after it, so it
   * never finds rows read before it here.
   */
  synchronized boolean putIfCurrent(String key, String resource, CachedBody body, long since,
      long loadedFrom) {
    if (invalidatedSince(body.tags(), since)) {
      return false;
    }
    long now = options.nanoClock().getAsLong();
    long fresh = degraded ? loadedFrom + options.degradedTtl().toNanos() - now
        : options.ttlOf(resource).toNanos();
    if (fresh <= 0) {
      return false;
    }
    long stale = degraded ? 0 : options.staleWhileRevalidate().toNanos();
    Entry entry = new Entry(body, now + fresh, fresh + stale);
    // Indexed before it is visible, so an eviction right after the put unindexes it.
    for (String tag : body.tags()) {
      keysByTag.computeIfAbsent(tag, t -> new ConcurrentHashMap<>()).put(key, entry);
    }
    cache.put(key, entry);
    return true;
  }

  /**
   * Whether one of {@code tags} may have been invalidated after epoch {@code since} (also when
   * that history was dropped): a body loaded since then may predate a write.
   */
  synchronized boolean invalidatedSince(Set<String> tags, long since) {
    if (since < floor) {
      return true;
    }
    for (String tag : tags) {
      Long invalidated = tagEpochs.get(tag);
      if (invalidated != null && invalidated > since) {
        return true;
      }
    }
    return false;
  }

  /** Drops every entry with one of {@code tags}; loads running now will not store theirs. */
  synchronized void invalidate(Collection<String> tags) {
    epoch = InvalidationClock.tick();
    for (String tag : tags) {
      tagEpochs.remove(tag);
      tagEpochs.put(tag, epoch);
      Map<String, Entry> keys = keysByTag.remove(tag);
      if (keys != null) {
        cache.invalidateAll(keys.keySet());
      }
    }
    while (tagEpochs.size() > TAG_EPOCHS) {
      var eldest = tagEpochs.entrySet().iterator();
      floor = Math.max(floor, eldest.next().getValue());
      eldest.remove();
    }
  }

  /** Drops everything (Redis lost or regained: invalidations may have been missed). */
  synchronized void invalidateAll(boolean nowDegraded) {
    epoch = InvalidationClock.tick();
    floor = epoch;
    degraded = nowDegraded;
    tagEpochs.clear();
    cache.invalidateAll();
    keysByTag.clear();
  }

  boolean isDegraded() {
    return degraded;
  }

  long size() {
    return cache.estimatedSize();
  }

  private void removed(String key, Entry entry, RemovalCause cause) {
    if (cause.wasEvicted()) {
      meters.eviction(cause == RemovalCause.EXPIRED ? "expired" : "size");
    }
    if (key == null || entry == null) {
      return;
    }
    for (String tag : entry.body().tags()) {
      keysByTag.computeIfPresent(tag, (t, keys) -> {
        keys.remove(key, entry);
        return keys.isEmpty() ? null : keys;
      });
    }
  }
}
