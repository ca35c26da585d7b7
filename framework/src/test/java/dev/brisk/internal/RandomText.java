package dev.brisk.internal;

import java.util.SplittableRandom;

/** Random short strings drawn from a palette of awkward characters, for writer fuzz tests. */
public final class RandomText {

  private RandomText() {
  }

  /**
   * Up to 11 characters of {@code palette}; a surrogate pair in it is kept whole, a lone low
   * surrogate becomes {@code x}.
   */
  public static String of(SplittableRandom r, String palette) {
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      int at = r.nextInt(palette.length() - 1);
      char c = palette.charAt(at);
      s.append(Character.isHighSurrogate(c) ? palette.substring(at, at + 2)
          : Character.isLowSurrogate(c) ? "x" : String.valueOf(c));
    }
    return s.toString();
  }
}
