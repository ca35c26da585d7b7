package dev.brisk.cache;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The bytes of the L2 entries one instance stored that have not expired yet, held under
 * {@link CacheOptions#redisMaxBytes()}: Redis drops an entry when its time-to-live ends, so an
 * entry is counted from its store until then (by the second it expires, rounded up). A key
 * stored again before it expired counts twice until the first store would have. Thread-safe;
 * any thread (a few map operations under a lock).
 *
 * <p>{@code if (budget.tryCharge(bytes, ttlMillis)) { l2.set(...); }}
 */
final class RedisBudget {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long maxBytes;
  private final LongSupplier nanoClock;
  /** Bytes by the second (of the nano clock) their entries expire in. */
  private final TreeMap<Long, Long> expiring = new TreeMap<>();
  private long held;

  RedisBudget(long maxBytes, LongSupplier nanoClock) {
    this.maxBytes = maxBytes;
    this.nanoClock = nanoClock;
  }

  /**
   * Counts an entry of {@code bytes} living {@code ttlMillis} and returns true, or returns false
   * (counting nothing) when it would take the instance past its bound.
   */
  synchronized boolean tryCharge(long bytes, long ttlMillis) {
    long now = nanoClock.getAsLong();
    expire(now);
    if (held + bytes > maxBytes) {
      return false;
    }
    long expires = Math.floorDiv(now + ttlMillis * 1_000_000 + NANOS_PER_SECOND - 1,
        NANOS_PER_SECOND);
    expiring.merge(expires, bytes, Long::sum);
    held += bytes;
    return true;
  }

  /** The bytes of the entries counted that have not expired now. */
  synchronized long heldBytes() {
    expire(nanoClock.getAsLong());
    return held;
  }

  /** Gives back the bytes of the entries whose second of expiry has begun at {@code now}. */
  private void expire(long now) {
    Map.Entry<Long, Long> first;
    while ((first = expiring.firstEntry()) != null
        && first.getKey() <= Math.floorDiv(now, NANOS_PER_SECOND)) {
      held -= expiring.pollFirstEntry().getValue();
    }
  }
}
