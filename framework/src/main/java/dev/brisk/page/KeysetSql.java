package dev.brisk.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SQL fragments of one keyset page, for PostgreSQL with vertx-pg-client placeholders.
 *
 * <pre>{@code
 * KeysetSql k = req.sql(2);   // $1 is taken by the category filter
 * String sql = "SELECT id, name, price_cents FROM product p WHERE p.category_id = $1 AND "
 *     + k.predicate() + " ORDER BY " + k.orderBy() + " LIMIT " + k.limit();
 * List<Object> params = new ArrayList<>(List.of(categoryId));
 * params.addAll(k.params());
 * pool.preparedQuery(sql).execute(Tuple.from(params));
 * }</pre>
 *
 * <p>Immutable; built on any thread.
 *
 * @param predicate the keyset condition ({@code TRUE} on a first page), ready to AND with filters
 * @param params values for the placeholders in {@code predicate}, in placeholder order; may hold
 *     no nulls (NULL keys become {@code IS NULL} tests)
 * @param orderBy the ORDER BY list without the keywords; reversed when paging backwards
 * @param limit rows to fetch: the page size plus one, to learn whether more rows follow
 * @param nextParamIndex the first placeholder number not used by {@code predicate}
 */
public record KeysetSql(String predicate, List<Object> params, String orderBy, int limit,
    int nextParamIndex) {

  /** Copies {@code params} so the record stays immutable. */
  public KeysetSql {
    params = Collections.unmodifiableList(new ArrayList<>(params));
  }
}
