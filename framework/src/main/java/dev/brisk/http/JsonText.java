package dev.brisk.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import dev.brisk.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Parses request JSON with Brisk's limits: nesting at most {@value #MAX_DEPTH} levels (400
 * beyond, before the parser recurses deeper), each member name once per object (400 naming a
 * duplicate), strict UTF-8 only (RFC 8259 and 3629; Jackson would also read UTF-16, UTF-32 and
 * overlong forms), non-finite numbers ({@code NaN}, {@code Infinity}, {@code 1e400}) kept as
 * doubles, so validation answers them 422 with a pointer instead of a parser error, and a
 * fraction too small for a double ({@code 1.0000000000000000000001}) kept as the
 * {@link BigDecimal} it is instead of the whole double it rounds to, so an integer field refuses
 * it as it refuses {@code 1.5}. Error
 * details are plain sentences with a line and column, never parser class or option names.
 * Thread-safe.
 */
final class JsonText {

  static final int MAX_DEPTH = 64;

  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_DEPTH).build();
  // Duplicate members are refused: a parser in front that keeps the first value would read
  // {"user_id": 3, "user_id": 1} as another request than Jackson's last-one-wins does.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(LIMITS)
      .build();

  private JsonText() {
  }

  /**
   * Reads a number with a fraction whose double is a whole number as its exact decimal when the
   * two differ, so that no fraction is lost without a word; every other number as Jackson does.
   */
  private static final class ExactFractions extends JsonParserDelegate {

    ExactFractions(JsonParser parser) {
      super(parser);
    }

    @Override
    public Number getNumberValue() throws IOException {
      Number number = super.getNumberValue();
      if (currentToken() == JsonToken.VALUE_NUMBER_FLOAT && number instanceof Double d
          && Double.isFinite(d) && d == Math.rint(d)) {
        BigDecimal exact = getDecimalValue();
        if (exact.stripTrailingZeros().scale() > 0) {
          return exact;
        }
      }
      return number;
    }
  }

  /** The JSON value of {@code text}; 400 {@code malformed-json} when it is not valid JSON. */
  static Object parse(Buffer text) {
    byte[] bytes = text.getBytes();
    if (!isUtf8(bytes)) {
      throw Problem.malformedJson("JSON must be encoded in UTF-8 (RFC 8259), not UTF-16 or "
          + "UTF-32");
    }
    int invalid = firstInvalidUtf8(bytes);
    if (invalid >= 0) {
      throw Problem.malformedJson("JSON must be valid UTF-8: the sequence at byte " + invalid
          + " is not (an overlong form, an encoded surrogate, past U+10FFFF or cut short)");
    }
    try {
      JsonParser parser = new ExactFractions(FACTORY.createParser(bytes));
      return JacksonCodec.fromParser(parser, Object.class);
    } catch (IOException e) {
      throw Problem.malformedJson(describe(e));
    } catch (DecodeException e) {
      throw Problem.malformedJson(describe(e.getCause() == null ? e : e.getCause()));
    }
  }

  /**
   * False for what Jackson would read as UTF-16 or UTF-32: their byte order marks, or a zero
   * byte among the first four (JSON starts with an ASCII character, which those encodings pad
   * with zeros; UTF-8 JSON has no raw zero byte at all).
   */
  private static boolean isUtf8(byte[] bytes) {
    if (bytes.length >= 2 && (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF
        || bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)) {
      return false;
    }
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      if (bytes[i] == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The offset of the first byte sequence that is not UTF-8 as RFC 3629 defines it, or -1.
   * Jackson refuses most such input itself but decodes overlong forms and code points past
   * U+10FFFF into other characters: {@code C0 AF} would reach validation as "/".
   */
  static int firstInvalidUtf8(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      // The allowed range of the second byte depends on the first (RFC 3629 section 4).
      int n;
      int low = 0x80;
      int high = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        n = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        n = 2;
        low = b == 0xE0 ? 0xA0 : low;
        high = b == 0xED ? 0x9F : high;
      } else if (b >= 0xF0 && b <= 0xF4) {
        n = 3;
        low = b == 0xF0 ? 0x90 : low;
        high = b == 0xF4 ? 0x8F : high;
      } else {
        return i;
      }
      if (i + n >= bytes.length) {
        return i;
      }
      for (int k = 1; k <= n; k++) {
        int c = bytes[i + k] & 0xFF;
        if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) {
          return i;
        }
      }
      i += n + 1;
    }
    return -1;
  }

  private static String describe(Throwable e) {
    if (e instanceof StreamConstraintsException limit) {
      return constraint(String.valueOf(limit.getMessage()));
    }
    if (e instanceof JsonParseException p) {
      return plain(p.getOriginalMessage()) + at(p.getLocation());
    }
    String message = String.valueOf(e.getMessage());
    return message.startsWith("Unexpected trailing token")
        ? "Unexpected content after the JSON value" : "The body is not valid JSON";
  }

  /** Which of the parser's limits the input broke, from the start of Jackson's message. */
  private static String constraint(String message) {
    if (message.startsWith("Number")) {
      return "A JSON number has more than " + LIMITS.getMaxNumberLength() + " digits";
    }
    if (message.startsWith("String")) {
      return "A JSON string is longer than " + LIMITS.getMaxStringLength() + " characters";
    }
    if (message.startsWith("Name")) {
      return "A JSON member name is longer than " + LIMITS.getMaxNameLength() + " characters";
    }
    return "JSON is nested deeper than " + MAX_DEPTH + " levels";
  }

  /** Jackson's sentence up to where it starts naming its own options or classes. */
  private static String plain(String message) {
    String text = String.valueOf(message);
    int cut = text.length();
    for (String marker : new String[] {"\n", "`", ": enable", " (for ", " (start marker",
        " at [Source", " (not recognized", " since Feature", ": was expecting (JSON String",
        ": expected a valid value (JSON String", " in VALUE_", " in FIELD_"}) {
      int at = text.indexOf(marker);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    return text.substring(0, cut).strip();
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
