package dev.brisk.resilience;

import java.util.Arrays;

/**
 * Counters over the last {@code window} nanoseconds in 10 buckets, on an injected clock: old
 * buckets are cleared lazily when time reaches them. Not thread-safe; owners synchronize.
 */
final class RollingWindow {

  private static final int BUCKETS = 10;

  private final long bucketNanos;
  private final long[][] counts;
  private final long[] epochs = new long[BUCKETS];

  RollingWindow(long windowNanos, int counters) {
    this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
    this.counts = new long[BUCKETS][counters];
    Arrays.fill(epochs, Long.MIN_VALUE);
  }

  void add(int counter, long now) {
    bucket(now)[counter]++;
  }

  long sum(int counter, long now) {
    long epoch = Math.floorDiv(now, bucketNanos);
    long sum = 0;
    for (int i = 0; i < BUCKETS; i++) {
      // A cleared bucket's epoch is Long.MIN_VALUE: its age overflows to a negative number.
      long age = epoch - epochs[i];
      if (age >= 0 && age < BUCKETS) {
        sum += counts[i][counter];
      }
    }
    return sum;
  }

  void clear() {
    Arrays.fill(epochs, Long.MIN_VALUE);
    for (long[] bucket : counts) {
      Arrays.fill(bucket, 0);
    }
  }

  private long[] bucket(long now) {
    long epoch = Math.floorDiv(now, bucketNanos);
    int i = (int) Math.floorMod(epoch, BUCKETS);
    if (epochs[i] != epoch) {
      epochs[i] = epoch;
      Arrays.fill(counts[i], 0);
    }
    return counts[i];
  }
}
