package dev.brisk.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link java.time.format.DateTimeFormatter#ISO_INSTANT} output for years 1 to 9999, written into
 * a byte array without a formatter: {@code 2026-01-02T03:04:05Z}, with 3, 6 or 9 fraction digits
 * when the nanoseconds need them. Pure functions; thread-safe.
 */
public final class Instants {

  private static final long MIN = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private Instants() {
  }

  /** Whether {@link #write} can write {@code instant} (years 1 to 9999). */
  public static boolean fits(Instant instant) {
    long s = instant.getEpochSecond();
    return s >= MIN && s <= MAX;
  }

  /** Writes {@code instant} at {@code pos} (30 bytes at most); returns the new position. */
  public static int write(Instant instant, byte[] out, int pos) {
    long seconds = instant.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(days);
    int p = digits(out, pos, date.getYear(), 4);
    out[p++] = '-';
    p = digits(out, p, date.getMonthValue(), 2);
    out[p++] = '-';
    p = digits(out, p, date.getDayOfMonth(), 2);
    out[p++] = 'T';
    p = digits(out, p, secondOfDay / 3600, 2);
    out[p++] = ':';
    p = digits(out, p, secondOfDay / 60 % 60, 2);
    out[p++] = ':';
    p = digits(out, p, secondOfDay % 60, 2);
    int nanos = instant.getNano();
    if (nanos != 0) {
      out[p++] = '.';
      if (nanos % 1_000_000 == 0) {
        p = digits(out, p, nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        p = digits(out, p, nanos / 1_000, 6);
      } else {
        p = digits(out, p, nanos, 9);
      }
    }
    out[p++] = 'Z';
    return p;
  }

  private static int digits(byte[] out, int pos, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      out[pos + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return pos + width;
  }
}
