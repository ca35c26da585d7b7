package dev.brisk.docs;

import dev.brisk.http.Requests;
import dev.brisk.page.KeysetSql;
import dev.brisk.page.PageRequest;
import dev.brisk.page.PageResult;
import dev.brisk.page.Pager;
import dev.brisk.page.KeyType;
import dev.brisk.page.Sort;
import dev.brisk.page.SortColumn;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** docs/pagination.md: keyset pages with the {@code dev.brisk.page} API alone. */
final class PaginationExample {

  static final Sort BY_ID = Sort.of("id", SortColumn.asc("id", "p.id", KeyType.BIGINT));
  // region sorts
  static final Sort BY_PRICE = Sort.of("price_cents",
      SortColumn.asc("price_cents", "p.price_cents", KeyType.BIGINT),
      SortColumn.asc("id", "p.id", KeyType.BIGINT));
  static final List<Sort> SORTS = List.of(BY_ID, BY_ID.reversed(), BY_PRICE, BY_PRICE.reversed());

  // Pager.create(context.pages()) once per app, shared by every verticle: BriskContext.pages()
  // signs with the key every instance shares (BRISK_CURSOR_KEYS, or the dev services' key).
  private final Pager pager;
  // endregion sorts
  private final Pool pool;

  PaginationExample(Pool pool, Pager pager) {
    this.pool = pool;
    this.pager = pager;
  }

  // region list
  Future<PageResult<Row>> list(RoutingContext ctx) {
    MultiMap q = ctx.queryParams();
    Sort sort = Sort.select(q.get("sort"), SORTS);              // 400 for an unknown sort
    Long category = Requests.queryId(ctx, "category_id");       // 400 if not an id; null if absent
    Map<String, Object> filters = new HashMap<>();              // null values count as absent
    filters.put("category_id", category);
    PageRequest req = pager.parse(q, sort, filters);            // 400 for a bad limit or cursor
    KeysetSql k = req.sql(2);                                   // $1 is the category filter
    String sql = "SELECT p.id, p.name, p.price_cents FROM products p"
        + " WHERE ($1::bigint IS NULL OR p.category_id = $1) AND " + k.predicate()
        + " ORDER BY " + k.orderBy() + " LIMIT " + k.limit();
    List<Object> params = new ArrayList<>();
    params.add(category);
    params.addAll(k.params());
    return pool.preparedQuery(sql).execute(Tuple.from(params))
        .recover(e -> Future.failedFuture(pager.queryFailure(req, e))) // 400: forged key types
        .map(rows -> {
          List<Row> list = new ArrayList<>();
          rows.forEach(list::add);
          return pager.page(req, list, (row, col) -> row.getValue(col.name()));
        });
  }
  // then: page.linkHeader(ctx.normalizedPath(), q).ifPresent(l -> resp.putHeader("Link", l));
  //       resp.end(page.toJson(row -> row.toJson()).encode());
  // endregion list
}
