package dev.brisk.page;

import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The SQL type of a {@link SortColumn}. A cursor's keys are checked against it when the cursor is
 * read: a key of another type, or out of the type's range (a decimal or a number past
 * {@code int4} for an {@code INTEGER} column), is a 400, since the driver would bind it anyway by
 * truncating or wrapping it ({@code 12.5} read as {@code 12}) and page from the wrong row. Only
 * a holder of a signing key can make such a cursor, or an older version of the sort.
 *
 * <p>{@code SortColumn.asc("price_cents", "p.price_cents", KeyType.BIGINT)}
 *
 * <p>Each type takes the Java values its column is read as ({@link KeyExtractor}): integers as
 * {@code Short}, {@code Integer} or {@code Long} within the type's range. Immutable, thread-safe.
 */
public enum KeyType {
  /** int2: an integer from -32768 to 32767. */
  SMALLINT,
  /** int4: an integer within {@code Integer}'s range. */
  INTEGER,
  /** int8 (or a narrower integer column read as {@code Long}): any integer. */
  BIGINT,
  /** numeric: a {@code BigDecimal}, {@code Numeric} (NaN too), integer or finite float. */
  NUMERIC,
  /** float8 / float4: a {@code Double}, {@code Float} or integer. */
  DOUBLE,
  /** text, varchar: a {@code String}. */
  TEXT,
  /** boolean. */
  BOOLEAN,
  /** date: a {@code LocalDate} within PostgreSQL's range (4713 BC to 5874897 AD). */
  DATE,
  /**
   * timestamptz or timestamp: an {@code OffsetDateTime}, {@code Instant} or
   * {@code LocalDateTime} within PostgreSQL's range (4713 BC to 294276 AD).
   */
  TIMESTAMP,
  /** uuid. */
  UUID;

  // PostgreSQL's limits (section 8.1.2 and 8.5 of its manual).
  private static final int NUMERIC_INTEGER_DIGITS = 131_072;
  private static final int NUMERIC_FRACTION_DIGITS = 16_383;
  private static final long FIRST_SECOND = LocalDate.of(-4712, 1, 1)
      .toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC);
  private static final long END_SECOND = LocalDate.of(294_277, 1, 1)
      .toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC);
  private static final long FIRST_DAY = LocalDate.of(-4712, 1, 1).toEpochDay();
  private static final long LAST_DAY = LocalDate.of(5_874_897, 12, 31).toEpochDay();

  /** Whether a non-null key {@code value} fits a column of this type. */
  boolean accepts(Object value) {
    switch (this) {
      case SMALLINT: return isInteger(value, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER: return isInteger(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT: return isInteger(value, Long.MIN_VALUE, Long.MAX_VALUE);
      case NUMERIC: return isNumeric(value);
      case DOUBLE: return value instanceof Double || value instanceof Float
          || isInteger(value, Long.MIN_VALUE, Long.MAX_VALUE);
      case TEXT: return value instanceof String;
      case BOOLEAN: return value instanceof Boolean;
      case DATE: return value instanceof LocalDate d && d.toEpochDay() >= FIRST_DAY
          && d.toEpochDay() <= LAST_DAY;
      case TIMESTAMP: return isTimestamp(value);
      default: return value instanceof java.util.UUID;
    }
  }

  private static boolean isInteger(Object value, long min, long max) {
    if (!(value instanceof Long || value instanceof Integer || value instanceof Short)) {
      return false;
    }
    long v = ((Number) value).longValue();
    return v >= min && v <= max;
  }

  private static boolean isNumeric(Object value) {
    if (value instanceof Numeric n) {
      return n.isNaN() || fitsNumeric(n.bigDecimalValue());
    }
    if (value instanceof BigDecimal d) {
      return fitsNumeric(d);
    }
    if (value instanceof Double d) {
      return Double.isFinite(d);
    }
    if (value instanceof Float f) {
      return Float.isFinite(f);
    }
    return isInteger(value, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private static boolean fitsNumeric(BigDecimal d) {
    return d.scale() <= NUMERIC_FRACTION_DIGITS
        && (long) d.precision() - d.scale() <= NUMERIC_INTEGER_DIGITS;
  }

  private static boolean isTimestamp(Object value) {
    long second;
    if (value instanceof OffsetDateTime t) {
      second = t.toEpochSecond();
    } else if (value instanceof Instant t) {
      second = t.getEpochSecond();
    } else if (value instanceof LocalDateTime t) {
      second = t.toEpochSecond(ZoneOffset.UTC);
    } else {
      return false;
    }
    return second >= FIRST_SECOND && second < END_SECOND;
  }
}
