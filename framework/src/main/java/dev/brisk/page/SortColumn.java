package dev.brisk.page;

/**
 * One column of a {@link Sort}: the row field it reads, the SQL expression it orders by, its
 * direction and whether it may be NULL.
 *
 * <p>{@code SortColumn.asc("price_cents", "p.price_cents")},
 * {@code SortColumn.desc("published_at", "p.published_at").asNullable()}
 *
 * <p>NULL sorts after every value in ascending order and before every value in descending order
 * (PostgreSQL's default, {@code NULLS LAST} / {@code NULLS FIRST}); keyset predicates follow the
 * same rule. Immutable and thread-safe.
 *
 * @param name the column's name in the fetched row, used by {@link KeyExtractor}s
 *     (e.g. {@code row.getValue(column.name())})
 * @param sql the SQL expression to order and compare by; written by the developer, never taken
 *     from user input
 * @param descending whether this column sorts descending
 * @param nullable whether the expression may be NULL
 */
public record SortColumn(String name, String sql, boolean descending, boolean nullable) {

  /** Validates the column; names and expressions must not be blank. */
  public SortColumn {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("sort column name must not be blank, was '" + name + "'");
    }
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("sql of sort column " + name + " must not be blank");
    }
  }

  /** An ascending, NOT NULL column. {@code SortColumn.asc("id", "p.id")}; any thread. */
  public static SortColumn asc(String name, String sql) {
    return new SortColumn(name, sql, false, false);
  }

  /** A descending, NOT NULL column. {@code SortColumn.desc("id", "p.id")}; any thread. */
  public static SortColumn desc(String name, String sql) {
    return new SortColumn(name, sql, true, false);
  }

  /** A copy of this column that may hold NULL. {@code asc("x", "t.x").asNullable()}; any thread. */
  public SortColumn asNullable() {
    return new SortColumn(name, sql, descending, true);
  }

  /** A copy sorting in the opposite direction. {@code col.reversed()}; any thread. */
  public SortColumn reversed() {
    return new SortColumn(name, sql, !descending, nullable);
  }
}
