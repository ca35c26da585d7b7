package dev.brisk.batch;

import dev.brisk.db.Sql;
import dev.brisk.internal.KeyArrays;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Batch functions that run one SQL statement per batch: the keys travel as one array parameter
 * {@code $1} of a {@code = ANY($1)} condition, never one query per key.
 *
 * <p>{@code SqlBatchFn.byKey(db, "SELECT id, name FROM products WHERE id = ANY($1)",
 * row -> row.getLong("id"), Product::fromRow)}: {@code db} is the app's {@link Sql} (a
 * {@code Db}, a transaction's {@code Sql}, or {@code Sql.of(pool)} outside Brisk).
 *
 * <p>The array's element type is the runtime class of the keys ({@code Long[]} for {@code bigint},
 * {@code Integer[]} for {@code int}, {@code String[]}, {@code UUID[]}; {@code Long[]} when
 * integer keys of several classes meet in one batch). Integer keys ({@code Byte}, {@code Short},
 * {@code Integer}, {@code Long}) match rows by value, so an {@code Integer} key finds the row
 * whose key extractor returns a {@code Long}; other keys must equal what the extractor returns.
 * The statement runs on the thread the batch function is called on (the scope's context) and the
 * functions are thread-safe.
 */
public final class SqlBatchFn {

  private static final Pattern ANY_PARAM =
      Pattern.compile("=\\s*ANY\\s*\\(\\s*\\$1\\s*\\)", Pattern.CASE_INSENSITIVE);
  // Batch functions are often built per request from a few constant queries: each is checked
  // once (bounded, so generated SQL cannot grow it without limit).
  private static final int MAX_CHECKED = 1024;
  private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

  private SqlBatchFn() {
  }

  /**
   * One value per key: each row becomes {@code mapper.apply(row)} under {@code keyOf.apply(row)};
   * keys without a row resolve to {@code null}. If several rows share a key, the last one wins.
   *
   * @throws IllegalArgumentException when {@code query} has no {@code = ANY($1)}
   */
  public static <K, V> BatchFn<K, V> byKey(Sql sql, String query, Function<Row, K> keyOf,
      Function<Row, V> mapper) {
    check(sql, query, keyOf, mapper);
    return keys -> sql.query(query, keysParam(keys)).map(rows -> {
      Map<Object, V> byRowKey = new HashMap<>(rows.size() * 4 / 3 + 1);
      for (Row row : rows) {
        byRowKey.put(matchable(keyOf.apply(row)), mapper.apply(row));
      }
      Map<K, V> values = new HashMap<>(keys.size() * 4 / 3 + 1);
      for (K key : keys) {
        V value = byRowKey.get(matchable(key));
        if (value != null) {
          values.put(key, value);
        }
      }
      return BatchResult.of(values);
    });
  }

  /**
   * Many values per key (one-to-many, such as the items of orders): rows grouped by
   * {@code keyOf.apply(row)} in row order; keys without rows resolve to an empty list.
   *
   * @throws IllegalArgumentException when {@code query} has no {@code = ANY($1)}
   */
  public static <K, V> BatchFn<K, List<V>> grouped(Sql sql, String query,
      Function<Row, K> keyOf, Function<Row, V> mapper) {
    check(sql, query, keyOf, mapper);
    return keys -> sql.query(query, keysParam(keys)).map(rows -> {
      Map<Object, List<V>> groups = new HashMap<>(keys.size() * 4 / 3 + 1);
      for (K key : keys) {
        groups.putIfAbsent(matchable(key), new ArrayList<>());
      }
      for (Row row : rows) {
        List<V> group = groups.get(matchable(keyOf.apply(row)));
        if (group != null) {
          group.add(mapper.apply(row));
        }
      }
      Map<K, List<V>> values = new HashMap<>(keys.size() * 4 / 3 + 1);
      for (K key : keys) {
        values.put(key, groups.get(matchable(key)));
      }
      return BatchResult.of(values);
    });
  }

  private static void check(Sql sql, String query, Function<Row, ?> keyOf,
      Function<Row, ?> mapper) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(keyOf, "keyOf");
    Objects.requireNonNull(mapper, "mapper");
    if (CHECKED.contains(query)) {
      return;
    }
    if (!ANY_PARAM.matcher(query).find()) {
      throw new IllegalArgumentException(
          "batch SQL must take its keys as one array parameter '= ANY($1)', was: " + query);
    }
    if (CHECKED.size() < MAX_CHECKED) {
      CHECKED.add(query);
    }
  }

  /**
   * The keys as one typed array parameter: integer keys of several classes travel as
   * {@code Long[]}; other mixed key classes fail the batch.
   */
  private static Tuple keysParam(List<?> keys) {
    Class<?> type = keys.get(0).getClass();
    for (Object key : keys) {
      Class<?> c = key.getClass();
      if (c == type) {
        continue;
      }
      if (!isInteger(c) || !isInteger(type)) {
        throw new IllegalArgumentException("batch keys must share one class for the '= ANY($1)' "
            + "array, found " + type.getName() + " and " + c.getName());
      }
      type = Long.class;
    }
    return Tuple.tuple().addValue(KeyArrays.of(type, keys));
  }

  /** A key as rows are matched by: integer keys as {@code Long}, so 7 and 7L find one row. */
  private static Object matchable(Object key) {
    return key != null && isInteger(key.getClass()) ? ((Number) key).longValue() : key;
  }

  private static boolean isInteger(Class<?> c) {
    return c == Long.class || c == Integer.class || c == Short.class || c == Byte.class;
  }
}
