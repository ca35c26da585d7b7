package dev.brisk.db;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL {@code WHERE} clause built from optional filters, numbering placeholders as it goes.
 *
 * <pre>{@code
 * Where where = Where.create()
 *     .and("p.category_id = ?", categoryId)      // skipped when categoryId is null
 *     .and("p.price_cents >= ?", minPrice);
 * db.query("SELECT ... WHERE " + where.sql(), Tuple.wrap(where.params()));
 * }</pre>
 *
 * <p>Each {@code ?} becomes the next {@code $n}; values travel as parameters, never as SQL text.
 * Not thread-safe; build one per request.
 */
public final class Where {

  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  private Where() {
  }

  /** An empty clause: {@link #sql()} is {@code TRUE} until a condition is added. */
  public static Where create() {
    return new Where();
  }

  /** Adds {@code condition} with one {@code ?} bound to {@code value}, unless value is null. */
  public Where and(String condition, Object value) {
    if (value == null) {
      return this;
    }
    if (sql.length() > 0) {
      sql.append(" AND ");
    }
    sql.append('(').append(condition.replace("?", "$" + (params.size() + 1))).append(')');
    params.add(value);
    return this;
  }

  /**
   * Adds {@code sqlExpression LIKE 'prefix%'} with LIKE wildcards in {@code prefix} escaped, so
   * the prefix matches literally; skipped when prefix is null. A {@code text_pattern_ops} index
   * on the expression serves it.
   */
  public Where startsWith(String sqlExpression, String prefix) {
    if (prefix == null) {
      return this;
    }
    String literal = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return and(sqlExpression + " LIKE ?", literal + "%");
  }

  /** Adds a condition that takes no parameter. */
  public Where and(String condition) {
    if (sql.length() > 0) {
      sql.append(" AND ");
    }
    sql.append('(').append(condition).append(')');
    return this;
  }

  /** The conditions joined with AND, or {@code TRUE} when there are none. */
  public String sql() {
    return sql.length() == 0 ? "TRUE" : sql.toString();
  }

  /** The bound values in placeholder order. */
  public List<Object> params() {
    return List.copyOf(params);
  }

  /** The index the next placeholder would get. */
  public int nextParam() {
    return params.size() + 1;
  }
}
