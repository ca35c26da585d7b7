package dev.brisk.endpoint;

import dev.brisk.fields.FieldType;
import dev.brisk.http.Requests;
import dev.brisk.internal.Dates;
import dev.brisk.internal.Echo;
import dev.brisk.internal.Timestamps;
import dev.brisk.problem.Problem;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The value of a filter that compares a field in its own type ({@code Filter.id},
 * {@code equalTo}, {@code atLeast}, {@code atMost}): one canonical Java value per meaning, read
 * from the query text, which is both the SQL parameter and what the cursor is bound to, and
 * described as the JSON Schema that admits the same texts. Stateless; any thread.
 */
final class FilterValues {

  /** The longest decimal a {@code NUMERIC} field's filter accepts, in characters. */
  private static final int MAX_DECIMAL_LENGTH = 40;
  private static final int MAX_ECHO = 40;
  // ASCII digits only, no exponent: BigDecimal alone would take "1e999999999" and other digits.
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
  private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,19}");

  private FilterValues() {
  }

  /**
   * The value {@code raw} gives parameter {@code name} for a field of {@code type}: an integer
   * from {@code min} ({@link Integer} for {@code INT}, {@link Long} for {@code LONG}), a
   * {@link BigDecimal} without trailing zeros, a {@link Boolean}, a {@link UUID}, a
   * {@link LocalDate} or an {@link OffsetDateTime} in UTC; 400 naming what is accepted.
   */
  static Object parse(String name, String raw, FieldType type, long min) {
    return switch (type) {
      case LONG, INT -> integer(name, raw, min, type);
      case NUMERIC -> decimal(name, raw);
      case BOOL -> bool(name, raw);
      // Hex in either case, bound as one UUID.
      case UUID -> Requests.uuid(name, raw);
      case DATE -> date(name, raw);
      case TIMESTAMP -> timestamp(name, raw);
      default -> throw new IllegalArgumentException(type + " fields are not compared by value");
    };
  }

  /** The JSON Schema of what {@link #parse} accepts, for the generated API description. */
  static JsonObject schema(FieldType type, long min) {
    return switch (type) {
      case LONG, INT -> {
        JsonObject schema = new JsonObject().put("type", "integer")
            .put("format", type == FieldType.INT ? "int32" : "int64");
        if (min > Integer.MIN_VALUE) {
          // Else the format says it all.
          schema.put("minimum", min);
        }
        yield type == FieldType.INT ? schema.put("maximum", Integer.MAX_VALUE) : schema;
      }
      // A JSON number, as the field itself is described; the text rules are in the docs.
      case NUMERIC -> new JsonObject().put("type", "number");
      case BOOL -> new JsonObject().put("type", "boolean");
      case UUID -> new JsonObject().put("type", "string").put("format", "uuid");
      case DATE -> new JsonObject().put("type", "string").put("format", "date");
      case TIMESTAMP -> new JsonObject().put("type", "string").put("format", "date-time");
      default -> throw new IllegalArgumentException(type + " fields are not compared by value");
    };
  }

  /**
   * The range stated is the column's, so an {@code INT} field's says 2147483647; a {@code min}
   * below the column's least value (an equality) stands for that value.
   */
  private static Object integer(String name, String raw, long min, FieldType type) {
    long max = type == FieldType.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
    min = Math.max(min, type == FieldType.INT ? Integer.MIN_VALUE : Long.MIN_VALUE);
    if (DIGITS.matcher(raw).matches() && (min < 0 || raw.charAt(0) != '-')) {
      try {
        long n = Long.parseLong(raw);
        if (n >= min && n <= max) {
          return type == FieldType.INT ? (Object) (int) n : (Object) n;
        }
      } catch (NumberFormatException tooLarge) {
        // 19 digits beyond Long.MAX_VALUE: refused below like any other bad value.
      }
    }
    throw Problem.invalidParameter(name, name + " must be an integer from " + min + " to " + max
        + ", was '" + clip(raw) + "'");
  }

  /** Trailing zeros stripped, so {@code 4.5} and {@code 4.50} bind one cursor. */
  private static BigDecimal decimal(String name, String raw) {
    if (raw.length() <= MAX_DECIMAL_LENGTH && DECIMAL.matcher(raw).matches()) {
      return new BigDecimal(raw).stripTrailingZeros();
    }
    throw Problem.invalidParameter(name, name + " must be a decimal number such as 4.5 or -0.25 "
        + "(digits, an optional leading minus and fraction, no exponent, at most "
        + MAX_DECIMAL_LENGTH + " characters), was '" + clip(raw) + "'");
  }

  private static Boolean bool(String name, String raw) {
    return switch (raw) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw Problem.invalidParameter(name, name + " must be true or false, was '"
          + clip(raw) + "'");
    };
  }

  private static LocalDate date(String name, String raw) {
    LocalDate date = Dates.parse(raw);
    if (date != null) {
      return date;
    }
    throw Problem.invalidParameter(name, name + " must be a date such as 2024-01-31, was '"
        + clip(raw) + "'");
  }

  /** The instant in UTC, so equal instants written with other offsets bind one cursor. */
  private static OffsetDateTime timestamp(String name, String raw) {
    OffsetDateTime instant = Timestamps.parse(raw);
    if (instant != null) {
      return instant;
    }
    throw Problem.invalidParameter(name, name + " must be an RFC 3339 date-time such as "
        + Timestamps.EXAMPLE + ", was '" + clip(raw) + "'");
  }

  private static String clip(String raw) {
    return Echo.clip(raw, MAX_ECHO);
  }
}
