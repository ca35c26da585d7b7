package dev.brisk.load;

/** Deterministic, stateless pseudo-random ids so request {@code seq} is the same in every run. */
final class Ids {

  private Ids() {
  }

  /** An id in {@code 1..n} for request {@code seq}, uniformly spread; any thread. */
  static long pick(long seq, long n) {
    return 1 + Math.floorMod(mix64(seq), n);
  }

  /** SplittableRandom's 64-bit finalizer (Stafford variant 13). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
