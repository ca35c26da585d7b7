package dev.brisk.page;

import java.util.Objects;

/**
 * One column of a {@link Sort}: the row field it reads, the SQL expression it orders by, its SQL
 * type, its direction and whether it may be NULL.
 *
 * <p>{@code SortColumn.asc("price_cents", "p.price_cents", KeyType.BIGINT)},
 * {@code SortColumn.desc("published_at", "p.published_at", KeyType.TIMESTAMP).asNullable()}
 *
 * <p>NULL sorts after every value in ascending order and before every value in descending order
 * (PostgreSQL's default, {@code NULLS LAST} / {@code NULLS FIRST}); keyset predicates follow the
 * same rule. Immutable and thread-safe.
 *
 * @param name the column's name in the fetched row, used by {@link KeyExtractor}s
 *     (e.g. {@code row.getValue(column.name())})
 * @param sql the SQL expression to order and compare by; written by the developer, never taken
 *     from user input
 * @param type the expression's SQL type: a cursor whose key for this column is not one is a 400,
 *     and a row whose key is not one fails the page (the column was declared wrong)
 * @param descending whether this column sorts descending
 * @param nullable whether the expression may be NULL
 */
public record SortColumn(String name, String sql, KeyType type, boolean descending,
    boolean nullable) {

  /** Validates the column; names and expressions must not be blank. */
  public SortColumn {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("sort column name must not be blank, was '" + name + "'");
    }
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("sql of sort column " + name + " must not be blank");
    }
    Objects.requireNonNull(type, "type of sort column " + name);
  }

  /**
   * An ascending, NOT NULL column. {@code SortColumn.asc("id", "p.id", KeyType.BIGINT)}; any
   * thread.
   */
  public static SortColumn asc(String name, String sql, KeyType type) {
    return new SortColumn(name, sql, type, false, false);
  }

  /**
   * A descending, NOT NULL column. {@code SortColumn.desc("id", "p.id", KeyType.BIGINT)}; any
   * thread.
   */
  public static SortColumn desc(String name, String sql, KeyType type) {
    return new SortColumn(name, sql, type, true, false);
  }

  /** A copy of this column that may hold NULL. {@code col.asNullable()}; any thread. */
  public SortColumn asNullable() {
    return new SortColumn(name, sql, type, descending, true);
  }

  /** A copy sorting in the opposite direction. {@code col.reversed()}; any thread. */
  public SortColumn reversed() {
    return new SortColumn(name, sql, type, !descending, nullable);
  }
}
