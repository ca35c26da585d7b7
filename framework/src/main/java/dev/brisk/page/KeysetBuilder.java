package dev.brisk.page;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds keyset predicates and ORDER BY lists. Internal.
 *
 * <p>NULL counts as larger than every value: it sorts last ascending and first descending, which
 * is PostgreSQL's default and what {@link #orderBy} spells out for nullable columns. Paging
 * backwards flips every column, which keeps that rule. A cursor at key {@code k} reads the rows
 * strictly after {@code k} in the (possibly flipped) order, or also the row at {@code k} when it
 * is inclusive.
 */
final class KeysetBuilder {

  private KeysetBuilder() {
  }

  static KeysetSql build(Sort sort, Cursor cursor, int firstParam, int pageLimit) {
    if (firstParam < 1) {
      throw new IllegalArgumentException("nextParamIndex must be >= 1, was " + firstParam);
    }
    boolean backward = cursor != null && cursor.isBackward();
    List<SortColumn> cols = effective(sort, backward);
    String orderBy = orderBy(cols);
    if (cursor == null) {
      return new KeysetSql("TRUE", List.of(), orderBy, pageLimit + 1, firstParam);
    }
    List<Object> params = new ArrayList<>();
    String[] marks = new String[cols.size()];
    for (int i = 0; i < marks.length; i++) {
      Object v = cursor.keys().get(i);
      if (v != null) {
        params.add(v);
        marks[i] = "$" + (firstParam + params.size() - 1);
      }
    }
    String predicate = canUseRowValue(cols, marks)
        ? rowValue(cols, marks, cursor.inclusive())
        : expanded(cols, marks, cursor.inclusive());
    return new KeysetSql(predicate, params, orderBy, pageLimit + 1, firstParam + params.size());
  }

  private static List<SortColumn> effective(Sort sort, boolean backward) {
    if (!backward) {
      return sort.columns();
    }
    List<SortColumn> flipped = new ArrayList<>(sort.columns().size());
    sort.columns().forEach(c -> flipped.add(c.reversed()));
    return flipped;
  }

  static String orderBy(List<SortColumn> cols) {
    StringBuilder sb = new StringBuilder();
    for (SortColumn c : cols) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(c.sql()).append(c.descending() ? " DESC" : " ASC");
      if (c.nullable()) {
        sb.append(c.descending() ? " NULLS FIRST" : " NULLS LAST");
      }
    }
    return sb.toString();
  }

  /** A row-value comparison is exact only without NULLs and when all columns share direction. */
  private static boolean canUseRowValue(List<SortColumn> cols, String[] marks) {
    boolean desc = cols.get(0).descending();
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).nullable() || marks[i] == null || cols.get(i).descending() != desc) {
        return false;
      }
    }
    return true;
  }

  private static String rowValue(List<SortColumn> cols, String[] marks, boolean inclusive) {
    String op = (cols.get(0).descending() ? "<" : ">") + (inclusive ? "=" : "");
    if (cols.size() == 1) {
      return cols.get(0).sql() + " " + op + " " + marks[0];
    }
    List<String> lhs = new ArrayList<>();
    cols.forEach(c -> lhs.add(c.sql()));
    return "(" + String.join(", ", lhs) + ") " + op + " (" + String.join(", ", marks) + ")";
  }

  private static String expanded(List<SortColumn> cols, String[] marks, boolean inclusive) {
    String tail = inclusive ? "TRUE" : null;
    for (int i = cols.size() - 1; i >= 0; i--) {
      tail = afterFrom(cols.get(i), marks[i], tail);
    }
    if (tail == null) {
      return "FALSE";
    }
    SortColumn first = cols.get(0);
    if (cols.size() > 1 && !first.nullable() && marks[0] != null) {
      // A plain range on the leading column lets PostgreSQL start an index scan at the cursor.
      String op = first.descending() ? " <= " : " >= ";
      return first.sql() + op + marks[0] + " AND " + tail;
    }
    return tail;
  }

  /**
   * Rows after the key from column {@code c} on: strictly after on {@code c}, or equal on
   * {@code c} and {@code rest} ({@code null} = FALSE, {@code "TRUE"} = always).
   */
  private static String afterFrom(SortColumn c, String mark, String rest) {
    String after = strictlyAfter(c, mark);
    String equalAndRest = rest == null ? null
        : "TRUE".equals(rest) ? equal(c, mark)
        : "(" + equal(c, mark) + " AND " + rest + ")";
    if (after == null) {
      return equalAndRest;
    }
    return equalAndRest == null ? after : "(" + after + " OR " + equalAndRest + ")";
  }

  /** Condition for values strictly after the key on one column; {@code null} = FALSE. */
  private static String strictlyAfter(SortColumn c, String mark) {
    if (mark == null) {
      // NULL is the largest value: nothing follows it ascending, every value follows descending.
      return c.descending() ? c.sql() + " IS NOT NULL" : null;
    }
    if (c.descending()) {
      return c.sql() + " < " + mark;
    }
    return c.nullable() ? "(" + c.sql() + " > " + mark + " OR " + c.sql() + " IS NULL)"
        : c.sql() + " > " + mark;
  }

  private static String equal(SortColumn c, String mark) {
    return mark == null ? c.sql() + " IS NULL" : c.sql() + " = " + mark;
  }
}
