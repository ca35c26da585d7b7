package dev.brisk.page;

/** Helpers for echoing client input in problem details. Internal. */
final class Texts {

  private static final int MAX_ECHO = 40;

  private Texts() {
  }

  /** The input cut to a short prefix so a huge parameter never bloats an error response. */
  static String clip(String input) {
    if (input.length() <= MAX_ECHO) {
      return input;
    }
    return input.substring(0, MAX_ECHO) + "...";
  }
}
