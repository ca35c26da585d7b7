package dev.brisk.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of durations given as text (command-line options, environment variables):
 * ISO-8601 ({@code PT5S}), a whole number with a unit ({@code 250ms}, {@code 5s}, {@code 2m},
 * {@code 1h}) or plain milliseconds ({@code 5000}). Stateless and thread-safe.
 */
public final class Durations {

  private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

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
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher unit = WITH_UNIT.matcher(v);
    try {
      if (unit.matches()) {
        long n = Long.parseLong(unit.group(1));
        return switch (unit.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return v.chars().allMatch(c -> c >= '0' && c <= '9')
          ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(name + " must be a duration like 5s, 250ms, PT5S or "
          + "5000 (milliseconds), was '" + value + "'");
    }
  }
}
