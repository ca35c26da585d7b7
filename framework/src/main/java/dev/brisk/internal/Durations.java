package dev.brisk.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The one parser of durations given as text (command-line options, environment variables):
 * ISO-8601 ({@code PT5S}) or plain milliseconds ({@code 5000}). Stateless and thread-safe.
 */
public final class Durations {

  private Durations() {
  }

  /**
   * Parses {@code value}; {@code fallback} when it is null or blank.
   * {@code Durations.parse("deadline", "PT2S", Duration.ofSeconds(5))}
   *
   * @param name the setting, named in the error
   * @throws IllegalArgumentException naming the setting and the bad value
   */
  public static Duration parse(String name, String value, Duration fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String v = value.trim();
    try {
      return v.chars().allMatch(c -> c >= '0' && c <= '9')
          ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a duration like PT5S or 5000 "
          + "(milliseconds), was '" + value + "'");
    }
  }
}
