package dev.brisk.stream;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.brisk.fields.Field;
import dev.brisk.fields.FieldMask;
import dev.brisk.internal.ProtoWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Rows read with a {@link FieldMask}'s projection written as length-delimited protobuf messages,
 * straight from the mask's field declarations to bytes (the responses' protobuf writer, no
 * {@code DynamicMessage}), matching mask fields to message fields by name: only selected fields
 * are set, so unselected ones are absent (proto3 {@code optional}). Integers map to int32/int64,
 * text to string, timestamps and other values to their JSON text (RFC 3339 for timestamps).
 *
 * <p>{@code encoder.withProtobufWriter(product, ProtobufRows.writer(product, mask))}
 *
 * <p>The returned writer keeps the column positions of the first row: create one per stream and
 * use it on that stream's event loop only.
 */
public final class ProtobufRows implements BiConsumer<Row, Buffer> {

  private final List<Field> fields;
  private final FieldDescriptor[] targets;
  private final Object[] values;
  private int[] columns;

  private ProtobufRows(List<Field> fields, FieldDescriptor[] targets) {
    this.fields = fields;
    this.targets = targets;
    this.values = new Object[targets.length];
  }

  /**
   * A row writer for {@code mask} over {@code descriptor}, checked once here.
   *
   * @throws IllegalArgumentException when the mask selects an embed, or a field the message does
   *     not declare or declares with a non-scalar type
   */
  public static ProtobufRows writer(Descriptor descriptor, FieldMask mask) {
    if (!mask.embeds().isEmpty()) {
      throw new IllegalArgumentException("embeds are not supported in protobuf rows: "
          + mask.embeds().get(0).name());
    }
    ProtoWriter plan = ProtoWriter.plan(descriptor);
    List<Field> fields = mask.fields();
    FieldDescriptor[] targets = new FieldDescriptor[fields.size()];
    for (int i = 0; i < targets.length; i++) {
      FieldDescriptor fd = plan.field(fields.get(i).name());
      if (fd == null || !ProtoWriter.isScalar(fd)) {
        throw new IllegalArgumentException(descriptor.getFullName()
            + " has no scalar field named " + fields.get(i).name());
      }
      targets[i] = fd;
    }
    return new ProtobufRows(fields, targets);
  }

  /** Appends {@code row} as one length-delimited message to {@code out}. */
  @Override
  public void accept(Row row, Buffer out) {
    if (columns == null) {
      columns = new int[fields.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = row.getColumnIndex(fields.get(i).name());
        if (columns[i] < 0) {
          throw new IllegalStateException("row has no column '" + fields.get(i).name() + "'");
        }
      }
    }
    for (int i = 0; i < values.length; i++) {
      Field field = fields.get(i);
      Object value = field.type().read(row, columns[i]);
      values[i] = value == null || value instanceof Number || value instanceof String
          || value instanceof Boolean ? value : String.valueOf(field.type().toJson(value));
    }
    ProtoWriter.writeDelimited(targets, values, out);
  }
}
