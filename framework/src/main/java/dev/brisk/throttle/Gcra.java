package dev.brisk.throttle;

import java.util.List;

/**
 * The generic cell rate algorithm: a token bucket stored as one "theoretical arrival time" per
 * bandwidth. The Redis script ({@code gcra.lua}) is the same computation, so per-instance
 * fallback buckets behave exactly like shared ones.
 */
final class Gcra {

  private Gcra() {
  }

  /**
   * Charges {@code cost} against every bandwidth at {@code nowMicros}; updates {@code tats} in
   * place only when every bandwidth allows it. Not thread-safe: callers hold the key's lock.
   */
  static Decision decide(long[] tats, List<Bandwidth> bandwidths, int cost, long nowMicros) {
    boolean denied = false;
    long retry = 0;
    int binding = 0;
    long bindingRemaining = Long.MAX_VALUE;
    long bindingReset = 0;
    long[] next = new long[tats.length];
    for (int i = 0; i < tats.length; i++) {
      Bandwidth b = bandwidths.get(i);
      long interval = b.intervalMicros();
      long tat = Math.max(tats[i], nowMicros);
      long newTat = tat + cost * interval;
      long allowAt = newTat - b.burst() * interval;
      long remaining;
      long reset;
      if (nowMicros < allowAt) {
        denied = true;
        retry = Math.max(retry, allowAt - nowMicros);
        remaining = 0;
        reset = tat - nowMicros;
      } else {
        remaining = (nowMicros - allowAt) / interval;
        reset = newTat - nowMicros;
      }
      next[i] = newTat;
      if (remaining < bindingRemaining) {
        binding = i;
        bindingRemaining = remaining;
        bindingReset = reset;
      }
    }
    if (!denied) {
      System.arraycopy(next, 0, tats, 0, tats.length);
    }
    return new Decision(!denied, binding, bindingRemaining, bindingReset, retry);
  }
}
