package dev.brisk.page;

import dev.brisk.problem.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named sort order for keyset pagination: one or more columns, the last of which is a unique
 * NOT NULL tiebreaker (usually {@code id}) so every row has a distinct position.
 *
 * <pre>{@code
 * Sort byPrice = Sort.of("price_cents",
 *     SortColumn.asc("price_cents", "p.price_cents", KeyType.BIGINT),
 *     SortColumn.asc("id", "p.id", KeyType.BIGINT));
 * List<Sort> sorts = List.of(byPrice, byPrice.reversed());   // "price_cents", "-price_cents"
 * Sort sort = Sort.select(ctx.queryParams().get("sort"), sorts);
 * }</pre>
 *
 * <p>The name is what clients send as {@code sort=...} and is bound into every cursor. Immutable
 * and thread-safe.
 *
 * @param name the wire name, e.g. {@code price_cents} or {@code -price_cents}
 * @param columns the columns in order; the last is the unique tiebreaker
 */
public record Sort(String name, List<SortColumn> columns) {

  /** Validates the sort: a name, at least one column, distinct fields, a NOT NULL tiebreaker. */
  public Sort {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("sort name must not be blank, was '" + name + "'");
    }
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("sort " + name + " needs at least one column");
    }
    columns = List.copyOf(columns);
    Set<String> seen = new HashSet<>();
    for (SortColumn c : columns) {
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException("sort " + name + " lists column " + c.name() + " twice");
      }
    }
    SortColumn last = columns.get(columns.size() - 1);
    if (last.nullable()) {
      throw new IllegalArgumentException("the last column of sort " + name + " (" + last.name()
          + ") must be a unique NOT NULL tiebreaker such as id");
    }
  }

  /**
   * Creates a sort. {@code Sort.of("-created_at", desc("created_at", "o.created_at", TIMESTAMP),
   * desc("id", "o.id", BIGINT))}; any thread.
   */
  public static Sort of(String name, SortColumn... columns) {
    return new Sort(name, List.of(columns));
  }

  /**
   * The same columns in the opposite direction, named with a leading {@code -} added or removed
   * ({@code price_cents} becomes {@code -price_cents}). Any thread.
   */
  public Sort reversed() {
    String flipped = name.startsWith("-") ? name.substring(1) : "-" + name;
    List<SortColumn> cols = new ArrayList<>(columns.size());
    for (SortColumn c : columns) {
      cols.add(c.reversed());
    }
    return new Sort(flipped, cols);
  }

  /**
   * Picks the sort a client asked for by name; absent or blank selects the first of
   * {@code allowed}. Any thread.
   *
   * <p>{@code Sort.select(ctx.queryParams().get("sort"), SORTS)}
   *
   * @throws Problem 400 {@code invalid-parameter} naming {@code sort} and the allowed values
   */
  public static Sort select(String requested, List<Sort> allowed) {
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("allowed sorts must not be empty");
    }
    if (requested == null || requested.isBlank()) {
      return allowed.get(0);
    }
    for (Sort s : allowed) {
      if (s.name.equals(requested)) {
        return s;
      }
    }
    String names = allowed.stream().map(Sort::name).collect(Collectors.joining(", "));
    throw Problem.invalidParameter("sort",
        "sort must be one of " + names + ", was '" + Texts.clip(requested) + "'");
  }
}
