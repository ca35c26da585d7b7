package dev.brisk.stream;

import dev.brisk.fields.Field;
import dev.brisk.fields.FieldMask;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Writes rows read with a {@link FieldMask}'s projection straight into a buffer as the same JSON
 * that {@code mask.toJson(row).toBuffer()} produces (same fields, order, escaping and number
 * forms), without building a {@code JsonObject} per row: the hot path of large exports.
 *
 * <p>{@code StreamEncoder.json(mask::toJson).withJsonWriter(RowJson.writer(mask))}
 *
 * <p>The returned writer keeps a scratch array and the column positions of the first row: create
 * one per stream and use it on that stream's event loop only.
 */
public final class RowJson implements BiConsumer<Row, Buffer> {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private final List<Field> fields;
  private final byte[][] names;
  private int[] columns;
  private byte[] out = new byte[512];
  private int len;

  private RowJson(FieldMask mask) {
    this.fields = mask.fields();
    this.names = new byte[fields.size()][];
    for (int i = 0; i < names.length; i++) {
      names[i] = ((i == 0 ? "{\"" : ",\"") + fields.get(i).name() + "\":")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * A writer for {@code mask}; runs on the caller's thread.
   *
   * @throws IllegalArgumentException when the mask selects an embed (streams do not resolve them)
   */
  public static RowJson writer(FieldMask mask) {
    if (!mask.embeds().isEmpty()) {
      throw new IllegalArgumentException("embeds are not written by RowJson: "
          + mask.embeds().get(0).name());
    }
    return new RowJson(mask);
  }

  /** Appends {@code row} as one JSON object to {@code buffer}. */
  @Override
  public void accept(Row row, Buffer buffer) {
    if (columns == null) {
      columns = new int[fields.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = row.getColumnIndex(fields.get(i).name());
        if (columns[i] < 0) {
          throw new IllegalStateException("row has no column '" + fields.get(i).name() + "'");
        }
      }
    }
    len = 0;
    if (fields.isEmpty()) {
      raw((byte) '{');
    }
    for (int i = 0; i < columns.length; i++) {
      raw(names[i]);
      Field field = fields.get(i);
      value(field.type().read(row, columns[i]), field);
    }
    raw((byte) '}');
    buffer.appendBytes(out, 0, len);
  }

  private void value(Object v, Field field) {
    if (v == null) {
      ascii("null");
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      ascii(v.toString());
    } else if (v instanceof Boolean b) {
      ascii(b ? "true" : "false");
    } else if (v instanceof Instant instant && Instants.fits(instant)) {
      raw((byte) '"');
      ensure(32);
      len = Instants.write(instant, out, len);
      raw((byte) '"');
    } else if (v instanceof LocalDate || v instanceof UUID) {
      string(v.toString());
    } else {
      // Doubles, decimals, JSON documents and rare types: exactly what JsonObject would write.
      raw(Json.CODEC.toBuffer(field.type().toJson(v), false).getBytes());
    }
  }

  /**
   * A JSON string as Jackson writes it: short escapes for quote, backslash, \b\f\n\r\t, other
   * control characters and every UTF-16 surrogate as {@code \\uXXXX}, the rest as UTF-8.
   */
  private void string(String s) {
    ensure(s.length() * 6 + 2);
    out[len++] = '"';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        out[len++] = (byte) c;
      } else if (c < 0x80) {
        escape(c);
      } else if (c < 0x800) {
        out[len++] = (byte) (0xC0 | (c >> 6));
        out[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        unicodeEscape(c);
      } else {
        out[len++] = (byte) (0xE0 | (c >> 12));
        out[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[len++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    out[len++] = '"';
  }

  private void escape(char c) {
    out[len++] = '\\';
    switch (c) {
      case '"' -> out[len++] = '"';
      case '\\' -> out[len++] = '\\';
      case '\b' -> out[len++] = 'b';
      case '\f' -> out[len++] = 'f';
      case '\n' -> out[len++] = 'n';
      case '\r' -> out[len++] = 'r';
      case '\t' -> out[len++] = 't';
      default -> {
        len--;
        unicodeEscape(c);
      }
    }
  }

  private void unicodeEscape(char c) {
    out[len++] = '\\';
    out[len++] = 'u';
    out[len++] = HEX[(c >> 12) & 0xF];
    out[len++] = HEX[(c >> 8) & 0xF];
    out[len++] = HEX[(c >> 4) & 0xF];
    out[len++] = HEX[c & 0xF];
  }

  private void ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      out[len++] = (byte) s.charAt(i);
    }
  }

  private void raw(byte b) {
    ensure(1);
    out[len++] = b;
  }

  private void raw(byte[] bytes) {
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
