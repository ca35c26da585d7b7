package dev.brisk.endpoint;

import dev.brisk.fields.FieldType;
import dev.brisk.internal.Dates;
import dev.brisk.internal.Echo;
import dev.brisk.problem.Problem;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The value of a filter that compares a field in its own type ({@code Filter.id},
 * {@code atLeast}, {@code atMost}): one canonical Java value per meaning, read from the query
 * text, which is both the SQL parameter and what the cursor is bound to, and described as the
 * JSON Schema that admits the same texts. Stateless; any thread.
 */
final class FilterValues {

  private static final int MAX_ECHO = 40;
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

  private FilterValues() {
  }

  /**
   * The value {@code raw} gives parameter {@code name} for a field of {@code type}: an integer
   * from {@code min} ({@link Integer} for {@code INT}, {@link Long} for {@code LONG}), a
   * {@link LocalDate} or an {@link OffsetDateTime} in UTC; 400 naming what is accepted.
   */
  static Object parse(String name, String raw, FieldType type, long min) {
    return switch (type) {
      case LONG, INT -> integer(name, raw, min, type);
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
            .put("format", type == FieldType.INT ? "int32" : "int64").put("minimum", min);
        yield type == FieldType.INT ? schema.put("maximum", Integer.MAX_VALUE) : schema;
      }
      case DATE -> new JsonObject().put("type", "string").put("format", "date");
      case TIMESTAMP -> new JsonObject().put("type", "string").put("format", "date-time");
      default -> throw new IllegalArgumentException(type + " fields are not compared by value");
    };
  }

  /** The range stated is the column's, so an {@code INT} field's says 2147483647. */
  private static Object integer(String name, String raw, long min, FieldType type) {
    long max = type == FieldType.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
    if (DIGITS.matcher(raw).matches()) {
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
    try {
      if (raw.matches("\\d{4}-.*")) {
        return OffsetDateTime.parse(raw).withOffsetSameInstant(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException e) {
      // Falls through to the problem.
    }
    throw Problem.invalidParameter(name, name + " must be an RFC 3339 date-time such as "
        + "2024-01-31T09:30:00Z, was '" + clip(raw) + "'");
  }

  private static String clip(String raw) {
    return Echo.clip(raw, MAX_ECHO);
  }
}
