package dev.brisk.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * RFC 3339 date-times as request values ({@code 2024-01-31T09:30:00Z},
 * {@code 2024-01-31T10:30:00.5+01:00}; ISO 8601's {@code 2024-01-31T09:30Z} too): a four-digit
 * year and an offset required, read as the instant in UTC. Pure functions; thread-safe.
 */
public final class Timestamps {

  /** What a message shows as the form to send. */
  public static final String EXAMPLE = "2024-01-31T09:30:00Z";

  /** A four-digit year first: the parser would also take {@code +12024-...}. */
  private static final Pattern YEAR = Pattern.compile("\\d{4}-.*");

  private Timestamps() {
  }

  /**
   * The instant {@code text} names, in UTC (equal instants written with other offsets compare
   * and bind alike), or null when it is not an RFC 3339 date-time ({@code 2024-02-30T00:00:00Z}
   * and one without an offset are not).
   */
  public static OffsetDateTime parse(String text) {
    if (!YEAR.matcher(text).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
