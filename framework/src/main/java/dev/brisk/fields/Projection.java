package dev.brisk.fields;

import dev.brisk.internal.RowLayout;
import dev.brisk.internal.RowMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;

/** Builds select lists from masks and writes projected rows as JSON. Stateless. */
final class Projection {
  private Projection() {
  }

  static String of(FieldMask mask) {
    List<String> labels = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    for (Field field : mask.fields()) {
      sql.append(sql.length() == 0 ? "" : ", ").append(field.column());
      labels.add(field.name());
    }
    for (Embed embed : mask.embeds()) {
      if (!labels.contains(embed.keyColumn())) {
        sql.append(sql.length() == 0 ? "" : ", ").append(embed.keySelect());
        labels.add(embed.keyColumn());
      }
    }
    return sql.toString();
  }

  static JsonObject write(FieldMask mask, Row row) {
    return new Writer(mask).write(row);
  }

  /**
   * Writes the rows of one result as rendered rows: one value slot per selected member in
   * declaration order (embeds stay null until their loaders ran), column positions found on the
   * first row. One per render; not thread-safe.
   */
  static final class Writer {
    private final RowLayout layout;
    private final Field[] fields;
    private final int[] slots;
    private int[] columns;

    Writer(FieldMask mask) {
      this.layout = mask.layout();
      this.fields = mask.fields().toArray(new Field[0]);
      this.slots = new int[fields.length];
      for (int i = 0; i < fields.length; i++) {
        slots[i] = layout.position(fields[i].name());
      }
    }

    JsonObject write(Row row) {
      if (columns == null) {
        columns = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
          columns[i] = index(row, fields[i].name());
        }
      }
      RowMap values = new RowMap(layout);
      for (int i = 0; i < fields.length; i++) {
        FieldType type = fields[i].type();
        values.set(slots[i], type.toJson(type.read(row, columns[i])));
      }
      return new JsonObject(values);
    }
  }

  /** The names of the selected members in declaration order: the rows' layout. */
  static RowLayout layoutOf(FieldMask mask) {
    Resource resource = mask.resource();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < resource.memberCount(); i++) {
      if (mask.isSelectedAt(i)) {
        names.add(resource.memberAt(i).name());
      }
    }
    return RowLayout.of(names);
  }

  /** The column index of {@code label}; a missing column is a programming error. */
  static int index(Row row, String label) {
    int index = row.getColumnIndex(label);
    if (index < 0) {
      throw new IllegalStateException("row has no column '" + label
          + "'; select the mask's projection() so every selected field and key is read");
    }
    return index;
  }
}
