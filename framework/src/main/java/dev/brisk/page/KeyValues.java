package dev.brisk.page;

import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Type-tagged binary encoding of sort key values: one tag byte, then a compact payload. The Java
 * type survives the round trip, so a decoded key binds to the same SQL type it was read from
 * (vertx-pg-client refuses e.g. a {@code Long} for an {@code int4} parameter). Internal.
 */
final class KeyValues {

  private static final int NULL = 0;
  private static final int LONG = 1;
  private static final int INT = 2;
  private static final int SHORT = 3;
  private static final int STRING = 4;
  private static final int DECIMAL = 5;
  private static final int DOUBLE = 6;
  private static final int FLOAT = 7;
  private static final int OFFSET_DATE_TIME = 8;
  private static final int INSTANT = 9;
  private static final int LOCAL_DATE_TIME = 10;
  private static final int LOCAL_DATE = 11;
  private static final int FALSE = 12;
  private static final int TRUE = 13;
  private static final int UUID_TAG = 14;
  private static final int NUMERIC = 15;
  private static final int NUMERIC_NAN = 16;

  private KeyValues() {
  }

  /** Whether {@link #write} accepts this value. */
  static boolean supports(Object v) {
    return v == null || v instanceof Long || v instanceof Integer || v instanceof Short
        || v instanceof String || v instanceof BigDecimal || v instanceof Double
        || v instanceof Float || v instanceof OffsetDateTime || v instanceof Instant
        || v instanceof LocalDateTime || v instanceof LocalDate || v instanceof Boolean
        || v instanceof UUID || v instanceof Numeric;
  }

  /** Appends one value; throws {@link IllegalArgumentException} for an unsupported type. */
  static void write(Bytes.Writer w, Object v) {
    if (v == null) {
      w.put(NULL);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      w.put(v instanceof Long ? LONG : v instanceof Integer ? INT : SHORT)
          .putSigned(((Number) v).longValue());
    } else if (v instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      w.put(STRING).putVarint(utf8.length).put(utf8);
    } else if (v instanceof BigDecimal d) {
      writeDecimal(w.put(DECIMAL), d);
    } else if (v instanceof Numeric n) {
      // What vertx-pg-client's Row.getValue returns for a numeric column.
      if (n.isNaN()) {
        w.put(NUMERIC_NAN);
      } else {
        writeDecimal(w.put(NUMERIC), n.bigDecimalValue());
      }
    } else if (v instanceof Double d) {
      w.put(DOUBLE).putLong64(Double.doubleToRawLongBits(d));
    } else if (v instanceof Float f) {
      w.put(FLOAT).putVarint(Integer.toUnsignedLong(Float.floatToRawIntBits(f)));
    } else {
      writeTemporalOrOther(w, v);
    }
  }

  private static void writeDecimal(Bytes.Writer w, BigDecimal d) {
    byte[] unscaled = d.unscaledValue().toByteArray();
    w.putSigned(d.scale()).putVarint(unscaled.length).put(unscaled);
  }

  private static void writeTemporalOrOther(Bytes.Writer w, Object v) {
    if (v instanceof OffsetDateTime t) {
      w.put(OFFSET_DATE_TIME).putSigned(t.toEpochSecond()).putVarint(t.getNano())
          .putSigned(t.getOffset().getTotalSeconds());
    } else if (v instanceof Instant t) {
      w.put(INSTANT).putSigned(t.getEpochSecond()).putVarint(t.getNano());
    } else if (v instanceof LocalDateTime t) {
      w.put(LOCAL_DATE_TIME).putSigned(t.toEpochSecond(ZoneOffset.UTC)).putVarint(t.getNano());
    } else if (v instanceof LocalDate d) {
      w.put(LOCAL_DATE).putSigned(d.toEpochDay());
    } else if (v instanceof Boolean b) {
      w.put(b ? TRUE : FALSE);
    } else if (v instanceof UUID u) {
      w.put(UUID_TAG).putLong64(u.getMostSignificantBits()).putLong64(u.getLeastSignificantBits());
    } else {
      throw new IllegalArgumentException("sort key of type " + v.getClass().getName()
          + " cannot go into a cursor; use long, int, short, String, BigDecimal, double, float, "
          + "Numeric, OffsetDateTime, Instant, LocalDateTime, LocalDate, boolean or UUID");
    }
  }

  /** Reads one value; any malformed input throws a {@link RuntimeException}. */
  static Object read(Bytes.Reader r) {
    int tag = r.get();
    switch (tag) {
      case NULL: return null;
      case LONG: return r.getSigned();
      case INT: return Math.toIntExact(r.getSigned());
      case SHORT: return narrowShort(r.getSigned());
      case STRING: return text(r.get(r.getLength()));
      case DECIMAL: return decimal(r);
      case DOUBLE: return Double.longBitsToDouble(r.getLong64());
      case FLOAT: return floatBits(r.getVarint());
      default: return readTemporalOrOther(tag, r);
    }
  }

  private static Object readTemporalOrOther(int tag, Bytes.Reader r) {
    switch (tag) {
      case OFFSET_DATE_TIME: {
        Instant at = Instant.ofEpochSecond(r.getSigned(), nanos(r));
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(Math.toIntExact(r.getSigned()));
        return OffsetDateTime.ofInstant(at, offset);
      }
      case INSTANT: return Instant.ofEpochSecond(r.getSigned(), nanos(r));
      case LOCAL_DATE_TIME:
        return LocalDateTime.ofEpochSecond(r.getSigned(), nanos(r), ZoneOffset.UTC);
      case LOCAL_DATE: return LocalDate.ofEpochDay(r.getSigned());
      case FALSE: return Boolean.FALSE;
      case TRUE: return Boolean.TRUE;
      case UUID_TAG: return new UUID(r.getLong64(), r.getLong64());
      case NUMERIC: return Numeric.create(decimal(r));
      case NUMERIC_NAN: return Numeric.NaN;
      default: throw new IllegalArgumentException("unknown key tag " + tag);
    }
  }

  /**
   * Strict UTF-8 without U+0000: what {@link #write} makes of any string PostgreSQL text holds.
   * Anything else is forged, and would reach the database as a replacement character or fail
   * there as text it cannot hold.
   */
  private static String text(byte[] utf8) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("string key is not UTF-8");
    }
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("string key holds U+0000");
    }
    return s;
  }

  private static BigDecimal decimal(Bytes.Reader r) {
    int scale = Math.toIntExact(r.getSigned());
    int n = r.getLength();
    if (n == 0) {
      throw new IllegalArgumentException("empty decimal");
    }
    return new BigDecimal(new BigInteger(r.get(n)), scale);
  }

  private static int nanos(Bytes.Reader r) {
    long n = r.getVarint();
    if (n < 0 || n > 999_999_999) {
      throw new IllegalArgumentException("nanos out of range");
    }
    return (int) n;
  }

  private static float floatBits(long bits) {
    if ((bits >>> 32) != 0) {
      throw new IllegalArgumentException("float out of range");
    }
    return Float.intBitsToFloat((int) bits);
  }

  private static short narrowShort(long v) {
    if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
      throw new IllegalArgumentException("short out of range");
    }
    return (short) v;
  }
}
