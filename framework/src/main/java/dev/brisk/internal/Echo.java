package dev.brisk.internal;

/** Client input quoted in a problem detail. */
public final class Echo {

  private Echo() {
  }

  /**
   * {@code raw} cut to at most {@code max} characters (then {@code ...}), never between the two
   * halves of a surrogate pair, and with every unpaired surrogate (a JSON escape such as
   * {@code "\ud800"}) replaced by U+FFFD: a detail holding half a character is written as the
   * escape {@code \ud83d}, which strict JSON readers refuse, so the client could not read why
   * its request failed.
   */
  public static String clip(String raw, int max) {
    int end = raw.length() <= max ? raw.length()
        : Character.isHighSurrogate(raw.charAt(max - 1)) ? max - 1 : max;
    StringBuilder out = new StringBuilder(end + 3);
    for (int i = 0; i < end; i++) {
      char c = raw.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < end
          && Character.isLowSurrogate(raw.charAt(i + 1))) {
        out.append(c).append(raw.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return end < raw.length() ? out.append("...").toString() : out.toString();
  }
}
