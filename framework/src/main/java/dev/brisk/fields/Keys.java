package dev.brisk.fields;

import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.UUID;

/** Embed key normalization shared by the renderer and the SQL loader. Stateless. */
final class Keys {
  private Keys() {
  }

  /** Integer-valued keys become {@link Long}, so int4 and int8 columns join; others unchanged. */
  static Object normalize(Object key) {
    if (key instanceof Integer || key instanceof Short || key instanceof Byte) {
      return ((Number) key).longValue();
    }
    return key;
  }

  /** The normalized key in column {@code label} of {@code row}, or {@code null}. */
  static Object read(Row row, String label) {
    return normalize(row.getValue(Projection.index(row, label)));
  }

  /** Keys as one typed SQL array parameter for {@code = ANY($1)}. */
  static Object array(FieldType type, List<Object> keys) {
    int n = keys.size();
    switch (type) {
      case LONG: {
        Long[] array = new Long[n];
        for (int i = 0; i < n; i++) {
          array[i] = ((Number) keys.get(i)).longValue();
        }
        return array;
      }
      case INT: {
        Integer[] array = new Integer[n];
        for (int i = 0; i < n; i++) {
          array[i] = Math.toIntExact(((Number) keys.get(i)).longValue());
        }
        return array;
      }
      case UUID: {
        UUID[] array = new UUID[n];
        for (int i = 0; i < n; i++) {
          Object key = keys.get(i);
          array[i] = key instanceof UUID ? (UUID) key : UUID.fromString(key.toString());
        }
        return array;
      }
      default: {
        String[] array = new String[n];
        for (int i = 0; i < n; i++) {
          array[i] = keys.get(i).toString();
        }
        return array;
      }
    }
  }
}
