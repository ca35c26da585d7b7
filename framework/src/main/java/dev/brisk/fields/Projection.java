package dev.brisk.fields;

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
    Resource resource = mask.resource();
    JsonObject json = new JsonObject();
    for (int i = 0; i < resource.memberCount(); i++) {
      if (!mask.isSelectedAt(i)) {
        continue;
      }
      if (resource.memberAt(i) instanceof Field field) {
        FieldType type = field.type();
        json.put(field.name(), type.toJson(type.read(row, index(row, field.name()))));
      } else {
        // Embeds are attached after their loaders ran; the key keeps the declared order.
        json.putNull(resource.memberAt(i).name());
      }
    }
    return json;
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
