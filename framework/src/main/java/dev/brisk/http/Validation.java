package dev.brisk.http;

import dev.brisk.internal.Dates;
import dev.brisk.internal.Echo;
import dev.brisk.internal.Timestamps;
import dev.brisk.problem.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects every problem in a JSON body, each with a JSON pointer, then fails once with a 422
 * listing them all.
 *
 * <pre>{@code
 * Validation v = new Validation();
 * v.onlyKnown(body, "", Set.of("user_id", "items"));
 * Long userId = v.requiredLong(body, "", "user_id", 1, Long.MAX_VALUE);
 * v.throwIfInvalid();
 * }</pre>
 *
 * <p>Not thread-safe; one per request.
 */
public final class Validation {

  /**
   * The largest integer every JSON reader holds exactly (2^53 - 1, RFC 7493 section 2.2): bound
   * computed integers that a response carries (sums, totals) by it.
   */
  public static final long MAX_EXACT_INTEGER = (1L << 53) - 1;

  /** The C0 control characters, as a regex class body: what {@link #controlAt} finds. */
  public static final String C0_CONTROLS = "\\u0000-\\u001F";

  /** The C0 controls but tab, line feed and carriage return: what multi-line text refuses. */
  static final String C0_CONTROLS_BUT_LINE_BREAKS = "\\u0000-\\u0008\\u000B\\u000C"
      + "\\u000E-\\u001F";

  /**
   * The characters {@link Character#isWhitespace} (so {@link String#isBlank}) counts as white
   * space, as a regex class body.
   */
  private static final String WHITESPACE = "\\u0009-\\u000D\\u001C-\\u0020\\u1680"
      + "\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000";

  /** Every integer below this magnitude is exact as a double (2^53). */
  private static final double EXACT_DOUBLES = 0x1p53;
  /** The most characters of a refused value a detail echoes. */
  private static final int MAX_ECHO = 40;
  /** A UUID in the words of a problem: what a client should send. */
  static final String UUID_EXAMPLE = "123e4567-e89b-12d3-a456-426614174000";
  private static final Pattern UUID_TEXT = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final List<Problem.FieldError> errors = new ArrayList<>();

  /** Records an error at {@code pointer}. */
  public void error(String pointer, String detail) {
    errors.add(Problem.FieldError.of(pointer, detail));
  }

  /** Records an error for each member not in {@code allowed}. */
  public void onlyKnown(JsonObject object, String at, Set<String> allowed) {
    for (String name : object.fieldNames()) {
      if (!allowed.contains(name)) {
        error(pointer(at, name), "unknown field '" + Echo.clip(name, MAX_ECHO) + "'; allowed: "
            + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  /**
   * The JSON pointer (RFC 6901) of member {@code name} of the value at pointer {@code at}:
   * {@code ~} written {@code ~0} and {@code /} written {@code ~1}, so {@code "a/b"} is
   * {@code /a~1b}, not the member {@code b} of {@code a}.
   */
  public static String pointer(String at, String name) {
    return at + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  /** A required integer in {@code [min, max]}; records an error and returns null otherwise. */
  public Long requiredLong(JsonObject object, String at, String name, long min, long max) {
    Object value = required(object, at, name);
    return value == null ? null : integer(value, pointer(at, name), name, min, max);
  }

  /** The member's value, or null after recording that it is required. */
  private Object required(JsonObject object, String at, String name) {
    Object value = object.getValue(name);
    if (value == null) {
      error(pointer(at, name), name + " is required");
    }
    return value;
  }

  /**
   * An optional integer in {@code [min, max]}; null when absent or invalid. A whole number with
   * a fraction or exponent ({@code 4.0}, {@code 1e3}) counts as an integer below 2^53 only: above
   * it the decoded double may not be the number sent.
   */
  public Long optionalLong(JsonObject object, String at, String name, long min, long max) {
    Object value = object.getValue(name);
    return value == null ? null : integer(value, pointer(at, name), name, min, max);
  }

  /** The integer rule of {@link #optionalLong} for a present {@code value} at {@code pointer}. */
  Long integer(Object value, String pointer, String name, long min, long max) {
    if ((value instanceof Double || value instanceof Float)
        && Double.isFinite(((Number) value).doubleValue())
        && Math.abs(((Number) value).doubleValue()) >= EXACT_DOUBLES) {
      // Decoded as a double, it may already be another integer than the one sent
      // (9007199254740993.0 arrives as ...992): refuse rather than guess.
      error(pointer, name + " must be an integer; beyond 2^53 write it without a fraction or "
          + "exponent");
      return null;
    }
    BigInteger integer = integerValue(value);
    if (integer == null) {
      error(pointer, name + " must be an integer, was " + describe(value));
      return null;
    }
    if (integer.compareTo(BigInteger.valueOf(min)) < 0
        || integer.compareTo(BigInteger.valueOf(max)) > 0) {
      error(pointer, name + " must be between " + min + " and " + max + ", was " + integer);
      return null;
    }
    return integer.longValue();
  }

  /**
   * A present JSON number as the exact decimal it was read as, without trailing zeros (and never
   * in exponent form: {@code 100}, not {@code 1E+2}); records an error and returns null for
   * anything else.
   */
  BigDecimal decimal(Object value, String pointer, String name) {
    BigDecimal d;
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      d = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger b) {
      d = new BigDecimal(b);
    } else if (value instanceof BigDecimal b) {
      d = b;
    } else if ((value instanceof Double || value instanceof Float)
        && Double.isFinite(((Number) value).doubleValue())) {
      // The shortest decimal that is this double: what the client wrote, within 15 digits.
      d = BigDecimal.valueOf(((Number) value).doubleValue());
    } else {
      error(pointer, name + " must be a number, was " + describe(value));
      return null;
    }
    d = d.stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  /**
   * A required single-line string of {@code minLength} to {@code maxLength} characters (code
   * points); records an error and returns null otherwise.
   */
  public String requiredString(JsonObject object, String at, String name, int minLength,
      int maxLength) {
    return string(object, at, name, minLength, maxLength, true, false);
  }

  /**
   * An optional single-line string of {@code minLength} to {@code maxLength} characters (code
   * points): no control characters at all; null when absent or invalid.
   */
  public String optionalString(JsonObject object, String at, String name, int minLength,
      int maxLength) {
    return string(object, at, name, minLength, maxLength, false, false);
  }

  /**
   * A required multi-line text (a note, a description) of {@code minLength} to
   * {@code maxLength} characters: line feeds, carriage returns and tabs are allowed, other
   * control characters are not; records an error and returns null otherwise.
   */
  public String requiredText(JsonObject object, String at, String name, int minLength,
      int maxLength) {
    return string(object, at, name, minLength, maxLength, true, true);
  }

  /** {@link #requiredText} for an optional member; null when absent or invalid. */
  public String optionalText(JsonObject object, String at, String name, int minLength,
      int maxLength) {
    return string(object, at, name, minLength, maxLength, false, true);
  }

  private String string(JsonObject object, String at, String name, int minLength, int maxLength,
      boolean required, boolean multiLine) {
    String s = present(object, at, name, required);
    return s == null ? null : text(s, pointer(at, name), name, minLength, maxLength, multiLine);
  }

  /** The text rule of {@link #optionalString} ({@link #optionalText} when multi-line). */
  String text(String s, String pointer, String name, int minLength, int maxLength,
      boolean multiLine) {
    int surrogate = unpairedSurrogateAt(s);
    if (surrogate >= 0) {
      // A JSON escape of half a surrogate pair decodes to half a character, which UTF-8 cannot
      // encode: stored, it would silently become '?'.
      error(pointer, name + " must be valid Unicode text, found the unpaired surrogate "
          + codePoint(s.charAt(surrogate)) + " at index " + surrogate);
      return null;
    }
    int length = s.codePointCount(0, s.length());
    if (length < minLength || length > maxLength) {
      error(pointer, name + " must have " + minLength + " to " + maxLength
          + " characters, had " + length);
      return null;
    }
    boolean clean = multiLine
        ? noControls(pointer, name, s, "\n\r\t", " other than line breaks and tabs")
        : singleLine(pointer, name, s);
    return clean ? s : null;
  }

  /**
   * A required string that is one of {@code values} (what {@code Filter.oneOf} is for a query
   * parameter); records an error listing them and returns null otherwise.
   */
  public String requiredOneOf(JsonObject object, String at, String name, List<String> values) {
    return oneOf(object, at, name, values, true);
  }

  /** {@link #requiredOneOf} for an optional member; null when absent or invalid. */
  public String optionalOneOf(JsonObject object, String at, String name, List<String> values) {
    return oneOf(object, at, name, values, false);
  }

  private String oneOf(JsonObject object, String at, String name, List<String> values,
      boolean required) {
    String s = present(object, at, name, required);
    return s == null ? null : oneOf(s, pointer(at, name), name, values);
  }

  /** The rule of {@link #optionalOneOf} for a present string. */
  String oneOf(String s, String pointer, String name, List<String> values) {
    if (!values.contains(s)) {
      error(pointer, name + " must be one of " + String.join(", ", values) + ", was '"
          + clip(s) + "'");
      return null;
    }
    return s;
  }

  /**
   * A required date written as {@code 2024-01-31} (ISO 8601 with a four-digit year, as a
   * PostgreSQL {@code date} holds it); records an error and returns null otherwise.
   */
  public LocalDate requiredDate(JsonObject object, String at, String name) {
    return date(object, at, name, true);
  }

  /** {@link #requiredDate} for an optional member; null when absent or invalid. */
  public LocalDate optionalDate(JsonObject object, String at, String name) {
    return date(object, at, name, false);
  }

  private LocalDate date(JsonObject object, String at, String name, boolean required) {
    String s = present(object, at, name, required);
    return s == null ? null : date(s, pointer(at, name), name);
  }

  /** The rule of {@link #optionalDate} for a present string. */
  LocalDate date(String s, String pointer, String name) {
    LocalDate date = Dates.parse(s);
    if (date != null) {
      return date;
    }
    error(pointer, name + " must be a date such as 2024-01-31, was '" + clip(s) + "'");
    return null;
  }

  /**
   * The rule of {@link BodySchema#timestamp} for a present string: the instant in UTC, or null
   * with an error recorded.
   */
  OffsetDateTime timestamp(String s, String pointer, String name) {
    OffsetDateTime instant = Timestamps.parse(s);
    if (instant == null) {
      error(pointer, name + " must be an RFC 3339 date-time such as " + Timestamps.EXAMPLE
          + ", was '" + clip(s) + "'");
    }
    return instant;
  }

  /** The rule of {@link BodySchema#uuid} for a present string; records an error when broken. */
  boolean uuid(String s, String pointer, String name) {
    if (isUuid(s)) {
      return true;
    }
    error(pointer, name + " must be a UUID such as " + UUID_EXAMPLE + ", was '" + clip(s) + "'");
    return false;
  }

  /** Whether {@code s} is a UUID as 8-4-4-4-12 hex digits in either case. */
  static boolean isUuid(String s) {
    return UUID_TEXT.matcher(s).matches();
  }

  /** The member as a string; records an error and returns null when absent or not a string. */
  private String present(JsonObject object, String at, String name, boolean required) {
    Object value = required ? required(object, at, name) : object.getValue(name);
    return value == null ? null : string(value, pointer(at, name), name);
  }

  /** A required {@code true} or {@code false}; records an error and returns null otherwise. */
  public Boolean requiredBoolean(JsonObject object, String at, String name) {
    Object value = required(object, at, name);
    return value == null ? null : bool(value, pointer(at, name), name);
  }

  /** An optional {@code true} or {@code false}: null when absent, or invalid (error recorded). */
  public Boolean optionalBoolean(JsonObject object, String at, String name) {
    Object value = object.getValue(name);
    return value == null ? null : bool(value, pointer(at, name), name);
  }

  /** The rule of {@link #optionalBoolean} for a present value. */
  Boolean bool(Object value, String pointer, String name) {
    if (!(value instanceof Boolean b)) {
      error(pointer, name + " must be true or false, was " + describe(value));
      return null;
    }
    return b;
  }

  /** A present {@code value} as a string; records an error and returns null otherwise. */
  String string(Object value, String pointer, String name) {
    if (!(value instanceof String s)) {
      error(pointer, name + " must be a string, was " + describe(value));
      return null;
    }
    return s;
  }

  private static String clip(String s) {
    return Echo.clip(s, MAX_ECHO);
  }

  /**
   * Whether {@code text} holds no C0 control character; records an error naming {@code name} and
   * the first one found at {@code pointer} otherwise.
   */
  public boolean singleLine(String pointer, String name, String text) {
    return noControls(pointer, name, text, "", "");
  }

  private boolean noControls(String pointer, String name, String text, String allowed,
      String except) {
    int control = controlAt(text, allowed);
    if (control < 0) {
      return true;
    }
    error(pointer, name + " must not contain control characters" + except + ", found "
        + codePoint(text.charAt(control)) + " at index " + control);
    return false;
  }

  /**
   * The index of the first C0 control character (U+0000 to U+001F) in {@code text}, or -1.
   * Text values never contain them: PostgreSQL cannot store U+0000, and the others break logs
   * and single-line fields.
   */
  public static int controlAt(CharSequence text) {
    return controlAt(text, "");
  }

  /**
   * A JSON Schema {@code pattern} for text that holds none of {@code controls} (a regex class
   * body, such as {@link #C0_CONTROLS}) and, when {@code nonBlank}, is not blank as
   * {@link String#isBlank} says: what the checks refuse, for schemas to state.
   * {@code Validation.textPattern(Validation.C0_CONTROLS, true)}
   */
  public static String textPattern(String controls, boolean nonBlank) {
    String allowed = "[^" + controls + "]*";
    return nonBlank ? "^" + allowed + "[^" + controls + WHITESPACE + "]" + allowed + "$"
        : "^" + allowed + "$";
  }

  private static int controlAt(CharSequence text, String allowed) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && allowed.indexOf(c) < 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of the first unpaired UTF-16 surrogate in {@code text} (a JSON escape of one half
   * of a surrogate pair without the other), or -1. Such text is not Unicode: UTF-8, and so
   * PostgreSQL, cannot store it, and the driver would replace it with '?'.
   */
  public static int unpairedSurrogateAt(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code U+0000} notation for a character, for messages. */
  public static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  /** A required non-empty array of at most {@code maxItems}; null when absent or invalid. */
  public JsonArray requiredArray(JsonObject object, String at, String name, int maxItems) {
    Object value = required(object, at, name);
    return value == null ? null : array(value, pointer(at, name), name, maxItems);
  }

  /** The rule of {@link #requiredArray} for a present {@code value}. */
  JsonArray array(Object value, String pointer, String name, int maxItems) {
    if (!(value instanceof JsonArray array)) {
      error(pointer, name + " must be an array, was " + describe(value));
      return null;
    }
    if (array.isEmpty() || array.size() > maxItems) {
      error(pointer, name + " must have 1 to " + maxItems + " entries, had " + array.size());
      return null;
    }
    return array;
  }

  /** The errors recorded so far, in the order they were found. */
  public List<Problem.FieldError> errors() {
    return List.copyOf(errors);
  }

  /** How many errors were recorded so far. */
  int errorCount() {
    return errors.size();
  }

  /** Whether nothing was recorded so far. */
  public boolean isValid() {
    return errors.isEmpty();
  }

  /** Throws the 422 problem for the errors, if any ({@link Problem#validation}: 100 listed). */
  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
  }

  /**
   * The integer a decoded JSON number names exactly, or null: an integer, or a whole number
   * written with a fraction or exponent ({@code 4.0}) below 2^53 (above it the decoded double
   * may not be the number sent). The rule of {@link #optionalLong}, for input read without a
   * {@code Validation} (an import line's fields).
   */
  public static BigInteger exactInteger(Object value) {
    if ((value instanceof Double || value instanceof Float)
        && Math.abs(((Number) value).doubleValue()) >= EXACT_DOUBLES) {
      return null;
    }
    return integerValue(value);
  }

  private static BigInteger integerValue(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger b) {
      return b;
    }
    if ((value instanceof Double || value instanceof Float)
        && !Double.isFinite(((Number) value).doubleValue())) {
      return null;
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      BigDecimal d = value instanceof BigDecimal bd ? bd : BigDecimal.valueOf(((Number) value)
          .doubleValue());
      if (d.stripTrailingZeros().scale() > 0) {
        return null;
      }
      try {
        return d.toBigIntegerExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  /** {@code value} as a detail names it: its kind, or the number cut to 40 characters. */
  static String describe(Object value) {
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    if (value instanceof Number n && !Double.isFinite(n.doubleValue())) {
      return "a non-finite number (" + value + ")";
    }
    // A number may have up to 1,000 digits (1.000...1): cut like any echoed value.
    return clip(String.valueOf(value));
  }
}
