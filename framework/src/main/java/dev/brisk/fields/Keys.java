package dev.brisk.fields;

import dev.brisk.internal.KeyArrays;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
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

  /**
   * The keys a column of {@code type} can hold: an {@code int4} column holds no key beyond the
   * int range (a {@code bigint} reference may name one), so such a key matches no row.
   */
  private static List<Object> storable(FieldType type, List<Object> keys) {
    if (type != FieldType.INT) {
      return keys;
    }
    List<Object> fit = new ArrayList<>(keys.size());
    for (Object key : keys) {
      if (!(key instanceof Number n)
          || (n.longValue() >= Integer.MIN_VALUE && n.longValue() <= Integer.MAX_VALUE)) {
        fit.add(key);
      }
    }
    return fit;
  }

  /**
   * Keys as one typed SQL array parameter for {@code = ANY($1)} on a column of {@code type};
   * keys the column cannot hold ({@link #storable}) are left out, not bound.
   */
  static Object[] array(FieldType type, List<Object> keys) {
    Class<?> element = switch (type) {
      case LONG -> Long.class;
      case INT -> Integer.class;
      case UUID -> UUID.class;
      default -> String.class;
    };
    return KeyArrays.of(element, storable(type, keys));
  }
}
