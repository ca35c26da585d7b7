package dev.brisk.page;

/**
 * Reads one sort key value from a fetched row, so a {@link Pager} can mint cursors at the first
 * and last rows of a page.
 *
 * <p>{@code (row, column) -> row.getValue(column.name())} for a vertx-sql-client {@code Row};
 * {@code (json, column) -> json.getValue(column.name())} for a {@code JsonObject}.
 *
 * <p>Runs on the thread calling {@link Pager#page}. Return the value with the Java type the SQL
 * driver binds back to the column's type (e.g. {@code Integer} for {@code int4}, {@code Long} for
 * {@code int8}, {@code OffsetDateTime} for {@code timestamptz}, {@code BigDecimal} via
 * {@code row.getBigDecimal} for {@code numeric}); NULL is {@code null}.
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface KeyExtractor<T> {

  /** The value of {@code column} in {@code row}. */
  Object value(T row, SortColumn column);
}
