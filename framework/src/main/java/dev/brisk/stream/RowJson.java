package dev.brisk.stream;

import dev.brisk.fields.Field;
import dev.brisk.fields.FieldMask;
import dev.brisk.internal.JsonWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes rows read with a {@link FieldMask}'s projection straight into a buffer as the same JSON
 * that {@code mask.toJson(row).toBuffer()} produces (same fields, order, escaping and number
 * forms), without building a {@code JsonObject} per row: the hot path of large exports. Values
 * go through {@link JsonWriter}, the writer of every JSON response body.
 *
 * <p>{@code StreamEncoder.json(mask::toJson).withJsonWriter(RowJson.writer(mask))}
 *
 * <p>The returned writer keeps a scratch array and the column positions of the first row: create
 * one per stream and use it on that stream's event loop only.
 */
public final class RowJson implements BiConsumer<Row, Buffer> {

  private final List<Field> fields;
  private final byte[][] names;
  private int[] columns;
  private final JsonWriter out = new JsonWriter();

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
      columns = columns(row);
    }
    out.reset();
    if (fields.isEmpty()) {
      out.raw((byte) '{');
    }
    for (int i = 0; i < columns.length; i++) {
      out.raw(names[i]);
      Field field = fields.get(i);
      out.value(field.type().read(row, columns[i]));
    }
    out.raw((byte) '}');
    out.appendTo(buffer);
  }

  private int[] columns(Row row) {
    int[] found = new int[fields.size()];
    for (int i = 0; i < found.length; i++) {
      found[i] = row.getColumnIndex(fields.get(i).name());
      if (found[i] < 0) {
        throw new IllegalStateException("row has no column '" + fields.get(i).name() + "'");
      }
    }
    return found;
  }
}
