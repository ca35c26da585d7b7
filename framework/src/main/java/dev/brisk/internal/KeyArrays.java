package dev.brisk.internal;

import java.lang.reflect.Array;
import java.util.List;
import java.util.UUID;

/**
 * The one builder of the typed array a {@code = ANY($1)} statement takes its keys in, shared by
 * batch functions and embed loaders. Stateless and thread-safe.
 */
public final class KeyArrays {

  private KeyArrays() {
  }

  /**
   * The keys as an array of {@code type}: numbers become {@link Long} or {@link Integer} (an
   * {@code int} overflow fails), strings become {@link UUID} for a UUID array, anything becomes
   * its {@code toString()} for a String array; for other types each key must already be one.
   * {@code KeyArrays.of(Long.class, List.of(1, 2L))} is {@code new Long[] {1L, 2L}}.
   *
   * @throws IllegalArgumentException when a key cannot be converted, naming its class
   */
  public static Object[] of(Class<?> type, List<?> keys) {
    Object[] array = (Object[]) Array.newInstance(type, keys.size());
    for (int i = 0; i < array.length; i++) {
      array[i] = convert(type, keys.get(i));
    }
    return array;
  }

  private static Object convert(Class<?> type, Object key) {
    if (type.isInstance(key)) {
      return key;
    }
    if (type == Long.class && key instanceof Number n) {
      return n.longValue();
    }
    if (type == Integer.class && key instanceof Number n) {
      return Math.toIntExact(n.longValue());
    }
    if (type == UUID.class && key instanceof String s) {
      return UUID.fromString(s);
    }
    if (type == String.class && key != null) {
      return key.toString();
    }
    throw new IllegalArgumentException("cannot use a " + (key == null ? "null"
        : key.getClass().getName()) + " key in a " + type.getName() + " array");
  }
}
