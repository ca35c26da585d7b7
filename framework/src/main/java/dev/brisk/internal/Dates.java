package dev.brisk.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The one reader of calendar dates sent by clients (query filters, body members):
 * {@code 2024-01-31}, a four-digit year only (PostgreSQL's dates end in 5874897 AD,
 * {@link LocalDate}'s later). Stateless and thread-safe.
 */
public final class Dates {

  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private Dates() {
  }

  /** The date {@code text} names, or null when it is not one ({@code 2024-02-30} is not). */
  public static LocalDate parse(String text) {
    if (!ISO_DATE.matcher(text).matches()) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
