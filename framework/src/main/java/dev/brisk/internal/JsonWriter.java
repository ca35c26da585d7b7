package dev.brisk.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one JSON byte writer of responses and streams: JSON objects, arrays, maps, lists and
 * scalars written into a growing byte array as exactly the bytes Vert.x's Jackson codec gives
 * ({@code json.toBuffer()}: same member order, escaping and number forms), without Jackson's
 * generator, its char-to-byte pass or its per-call allocations.
 *
 * <p>{@code Buffer body = JsonWriter.encode(json);} or, for a stream's rows,
 * {@code writer.reset(); writer.raw(name); writer.value(v); writer.appendTo(buffer);}
 *
 * <p>A writer is mutable: use one per thread ({@link #encode} keeps one per thread) and never
 * share it between event loops.
 */
public final class JsonWriter {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final ThreadLocal<JsonWriter> SCRATCH = ThreadLocal.withInitial(JsonWriter::new);
  private static final int MAX_KEPT = 1 << 20;

  private byte[] out = new byte[1024];
  private int len;

  /** A writer with an empty buffer. */
  public JsonWriter() {
  }

  /** {@code value} as JSON bytes, through this thread's scratch writer; runs on any thread. */
  public static Buffer encode(Object value) {
    JsonWriter writer = SCRATCH.get();
    writer.reset();
    writer.value(value);
    Buffer buffer = Buffer.buffer(writer.len);
    writer.appendTo(buffer);
    if (writer.out.length > MAX_KEPT) {
      // One huge body must not pin its array to the event-loop thread for good.
      SCRATCH.remove();
    }
    return buffer;
  }

  /** A copy of the bytes written so far. */
  public byte[] toBytes() {
    return Arrays.copyOf(out, len);
  }

  /** Forgets what was written. */
  public void reset() {
    len = 0;
  }

  /** Appends the bytes written so far to {@code buffer}. */
  public void appendTo(Buffer buffer) {
    buffer.appendBytes(out, 0, len);
  }

  /** Writes any value a {@link JsonObject} may hold. */
  public void value(Object v) {
    if (v == null) {
      raw(NULL);
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short
        || v instanceof Byte) {
      integer(((Number) v).longValue());
    } else if (v instanceof Boolean b) {
      raw(b ? TRUE : FALSE);
    } else if (v instanceof JsonObject o) {
      object(o.getMap());
    } else if (v instanceof JsonArray a) {
      array(a.getList());
    } else if (v instanceof Map<?, ?> m) {
      object(m);
    } else if (v instanceof List<?> l) {
      array(l);
    } else if (v instanceof Instant instant && Instants.fits(instant)) {
      raw((byte) '"');
      ensure(32);
      len = Instants.write(instant, out, len);
      raw((byte) '"');
    } else if (v instanceof LocalDate || v instanceof UUID) {
      string(v.toString());
    } else {
      // Doubles, decimals, bytes and rare types: exactly what Jackson would write.
      raw(Json.CODEC.toBuffer(v, false).getBytes());
    }
  }

  private void object(Map<?, ?> map) {
    if (map instanceof RowMap row) {
      row(row);
      return;
    }
    raw((byte) '{');
    boolean first = true;
    for (Map.Entry<?, ?> member : map.entrySet()) {
      if (!first) {
        raw((byte) ',');
      }
      first = false;
      string(String.valueOf(member.getKey()));
      raw((byte) ':');
      value(member.getValue());
    }
    raw((byte) '}');
  }

  /** A rendered row: members by position with their pre-encoded names, then added ones. */
  private void row(RowMap row) {
    RowLayout layout = row.layout();
    byte separator = '{';
    for (int i = 0; i < layout.size(); i++) {
      if (row.isPresent(i)) {
        raw(separator);
        separator = ',';
        raw(layout.jsonName(i));
        value(row.at(i));
      }
    }
    Map<String, Object> extra = row.extra();
    if (extra != null) {
      for (Map.Entry<String, Object> member : extra.entrySet()) {
        raw(separator);
        separator = ',';
        string(member.getKey());
        raw((byte) ':');
        value(member.getValue());
      }
    }
    if (separator == '{') {
      raw(separator);
    }
    raw((byte) '}');
  }

  private void array(List<?> list) {
    raw((byte) '[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        raw((byte) ',');
      }
      value(list.get(i));
    }
    raw((byte) ']');
  }

  private void integer(long n) {
    if (n >= 0 && n < 10) {
      raw((byte) ('0' + n));
      return;
    }
    ascii(Long.toString(n));
  }

  /**
   * A JSON string as Jackson writes it: short escapes for quote, backslash, \b\f\n\r\t, other
   * control characters and every UTF-16 surrogate as {@code \\uXXXX}, the rest as UTF-8.
   */
  public void string(String s) {
    ensure(s.length() * 6 + 2);
    byte[] o = out;
    int p = len;
    o[p++] = '"';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        o[p++] = (byte) c;
      } else if (c < 0x80) {
        p = escape(c, o, p);
      } else if (c < 0x800) {
        o[p++] = (byte) (0xC0 | (c >> 6));
        o[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        p = unicodeEscape(c, o, p);
      } else {
        o[p++] = (byte) (0xE0 | (c >> 12));
        o[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        o[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    o[p++] = '"';
    len = p;
  }

  private static int escape(char c, byte[] o, int p) {
    byte code = switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '\b' -> 'b';
      case '\f' -> 'f';
      case '\n' -> 'n';
      case '\r' -> 'r';
      case '\t' -> 't';
      default -> 0;
    };
    if (code == 0) {
      return unicodeEscape(c, o, p);
    }
    o[p] = '\\';
    o[p + 1] = code;
    return p + 2;
  }

  private static int unicodeEscape(char c, byte[] o, int p) {
    o[p] = '\\';
    o[p + 1] = 'u';
    o[p + 2] = HEX[(c >> 12) & 0xF];
    o[p + 3] = HEX[(c >> 8) & 0xF];
    o[p + 4] = HEX[(c >> 4) & 0xF];
    o[p + 5] = HEX[c & 0xF];
    return p + 6;
  }

  private void ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      out[len++] = (byte) s.charAt(i);
    }
  }

  /** Appends one byte as is. */
  public void raw(byte b) {
    ensure(1);
    out[len++] = b;
  }

  /** Appends bytes as is (pre-encoded member names such as {@code ,"name":}). */
  public void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, out, len, bytes.length);
    len += bytes.length;
  }

  private void ensure(int more) {
    if (len + more > out.length) {
      byte[] bigger = new byte[Math.max(out.length * 2, len + more)];
      System.arraycopy(out, 0, bigger, 0, len);
      out = bigger;
    }
  }
}
