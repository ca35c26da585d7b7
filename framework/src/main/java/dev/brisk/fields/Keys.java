package dev.brisk.fields;

import io.vertx.sqlclient.Row;

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
}
