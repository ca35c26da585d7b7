package dev.brisk.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the two-level cache behaves. Immutable; validated when built, errors name the bad value.
 *
 * <p>{@code CacheOptions.defaults().withTtl("order", Duration.ofSeconds(30))}
 *
 * @param enabled {@code false} turns caching off ({@code BRISK_CACHE=off}); default on
 * @param maxBytes L1 bound, by the weight of the cached bytes; default 64 MiB
 * @param redisMaxBytes L2 bound of one instance: the bytes of the entries it stored in Redis that
 *     have not expired yet; an entry past it stays in L1 only, so what clients can make an
 *     instance store (a distinct {@code fields} mask or filter is a new entry) cannot fill Redis,
 *     which also holds rate limits and invalidation marks; default 128 MiB
 * @param ttl how long an entry is fresh, unless {@code ttls} names its resource; default 5 min
 * @param ttls fresh time per resource name
 * @param staleWhileRevalidate how long past fresh L1 still answers while one reload runs;
 *     default 30 s
 * @param degradedTtl the L1 time-to-live, from the start of each load, while Redis is
 *     unreachable (no invalidations can arrive then; a write waits this long before it is
 *     answered); default 250 ms
 * @param redisTimeout longest wait for one L2 read or write before it counts as a miss;
 *     default 250 ms
 * @param ackTimeout longest wait for other instances to confirm an invalidation; default 1 s
 * @param pageTtl how long a page of a list ({@link CacheKey#page}) is fresh, unless {@code ttls}
 *     names its resource ({@code product.pages}); default 5 s
 * @param fillWait longest wait for another instance that holds the load lease of a key to
 *     store it in L2 before loading here as well; default 500 ms
 * @param nanoClock time source for freshness (tests pass a fake clock)
 */
public record CacheOptions(boolean enabled, long maxBytes, long redisMaxBytes, Duration ttl,
    Map<String, Duration> ttls, Duration staleWhileRevalidate, Duration degradedTtl,
    Duration redisTimeout, Duration ackTimeout, Duration pageTtl, Duration fillWait,
    LongSupplier nanoClock) {

  /** Longest fresh plus stale time: Redis keeps invalidation marks for twice this. */
  static final Duration MAX_LIFETIME = Duration.ofHours(12);

  /** Validates every option. */
  public CacheOptions {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("maxBytes must be >= 1024, was " + maxBytes);
    }
    if (redisMaxBytes < 1024) {
      throw new IllegalArgumentException("redisMaxBytes must be >= 1024, was " + redisMaxBytes);
    }
    ttls = Map.copyOf(ttls);
    positive("ttl", ttl);
    ttls.forEach((resource, d) -> positive("ttl of " + resource, d));
    notNegative("staleWhileRevalidate", staleWhileRevalidate);
    positive("degradedTtl", degradedTtl);
    positive("redisTimeout", redisTimeout);
    positive("ackTimeout", ackTimeout);
    positive("pageTtl", pageTtl);
    positive("fillWait", fillWait);
    Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * Caching on, 64 MiB (and 128 MiB stored in Redis per instance), 5 min fresh (pages 5 s) plus
   * 30 s stale, 1 s while Redis is down, 500 ms wait for another instance's load.
   */
  public static CacheOptions defaults() {
    return new CacheOptions(true, 64L << 20, 128L << 20, Duration.ofMinutes(5), Map.of(),
        Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofMillis(250),
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(500), System::nanoTime);
  }

  /** Returns a copy with caching on or off. */
  public CacheOptions withEnabled(boolean on) {
    return new CacheOptions(on, maxBytes, redisMaxBytes, ttl, ttls, staleWhileRevalidate,
        degradedTtl, redisTimeout, ackTimeout, pageTtl, fillWait, nanoClock);
  }

  /** Returns a copy bounded to {@code bytes} in L1. */
  public CacheOptions withMaxBytes(long bytes) {
    return new CacheOptions(enabled, bytes, redisMaxBytes, ttl, ttls, staleWhileRevalidate,
        degradedTtl, redisTimeout, ackTimeout, pageTtl, fillWait, nanoClock);
  }

  /** Returns a copy keeping at most {@code bytes} of this instance's entries in L2. */
  public CacheOptions withRedisMaxBytes(long bytes) {
    return new CacheOptions(enabled, maxBytes, bytes, ttl, ttls, staleWhileRevalidate, degradedTtl,
        redisTimeout, ackTimeout, pageTtl, fillWait, nanoClock);
  }

  /** Returns a copy with this default fresh time. */
  public CacheOptions withTtl(Duration fresh) {
    return new CacheOptions(enabled, maxBytes, redisMaxBytes, fresh, ttls, staleWhileRevalidate,
        degradedTtl, redisTimeout, ackTimeout, pageTtl, fillWait, nanoClock);
  }

  /** Returns a copy where entries of {@code resource} stay fresh for {@code fresh}. */
  public CacheOptions withTtl(String resource, Duration fresh) {
    Map<String, Duration> copy = new HashMap<>(ttls);
    copy.put(resource, fresh);
    return new CacheOptions(enabled, maxBytes, redisMaxBytes, ttl, copy, staleWhileRevalidate,
        degradedTtl, redisTimeout, ackTimeout, pageTtl, fillWait, nanoClock);
  }

  /** Returns a copy serving stale entries for {@code window} while one reload runs. */
  public CacheOptions withStaleWhileRevalidate(Duration window) {
    return new CacheOptions(enabled, maxBytes, redisMaxBytes, ttl, ttls, window, degradedTtl,
        redisTimeout, ackTimeout, pageTtl, fillWait, nanoClock);
  }

  /** Returns a copy with this L1 time-to-live while Redis is unreachable. */
  public CacheOptions withDegradedTtl(Duration lifetime) {
    return new CacheOptions(enabled, maxBytes, redisMaxBytes, ttl, ttls, staleWhileRevalidate,
        lifetime, redisTimeout, ackTimeout, pageTtl, fillWait, nanoClock);
  }

  /** Returns a copy waiting at most {@code timeout} for one L2 read or write. */
  public CacheOptions withRedisTimeout(Duration timeout) {
    return new CacheOptions(enabled, maxBytes, redisMaxBytes, ttl, ttls, staleWhileRevalidate,
        degradedTtl, timeout, ackTimeout, pageTtl, fillWait, nanoClock);
  }

  /** Returns a copy waiting at most {@code timeout} for other instances' acknowledgements. */
  public CacheOptions withAckTimeout(Duration timeout) {
    return new CacheOptions(enabled, maxBytes, redisMaxBytes, ttl, ttls, staleWhileRevalidate,
        degradedTtl, redisTimeout, timeout, pageTtl, fillWait, nanoClock);
  }

  /** Returns a copy where pages of lists stay fresh for {@code fresh}. */
  public CacheOptions withPageTtl(Duration fresh) {
    return new CacheOptions(enabled, maxBytes, redisMaxBytes, ttl, ttls, staleWhileRevalidate,
        degradedTtl, redisTimeout, ackTimeout, fresh, fillWait, nanoClock);
  }

  /** Returns a copy waiting at most {@code wait} for another instance's load of a key. */
  public CacheOptions withFillWait(Duration wait) {
    return new CacheOptions(enabled, maxBytes, redisMaxBytes, ttl, ttls, staleWhileRevalidate,
        degradedTtl, redisTimeout, ackTimeout, pageTtl, wait, nanoClock);
  }

  /** Returns a copy reading time from {@code clock} (nanoseconds, monotonic). */
  public CacheOptions withNanoClock(LongSupplier clock) {
    return new CacheOptions(enabled, maxBytes, redisMaxBytes, ttl, ttls, staleWhileRevalidate,
        degradedTtl, redisTimeout, ackTimeout, pageTtl, fillWait, clock);
  }

  /** The fresh time of {@code resource}'s entries (pages: {@link #pageTtl()} by default). */
  public Duration ttlOf(String resource) {
    Duration named = ttls.get(resource);
    if (named != null) {
      return named;
    }
    return resource.endsWith(CacheKey.PAGES) ? pageTtl : ttl;
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(name + " must be > 0 and <= " + MAX_LIFETIME
          + ", was " + d);
    }
  }

  private static void notNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(name + " must be >= 0 and <= " + MAX_LIFETIME
          + ", was " + d);
    }
  }
}
