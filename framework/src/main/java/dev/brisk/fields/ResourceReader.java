package dev.brisk.fields;

import dev.brisk.batch.BatchFn;
import dev.brisk.batch.DataLoaderOptions;
import dev.brisk.batch.DataLoaderScope;
import dev.brisk.db.Sql;
import dev.brisk.db.Where;
import dev.brisk.internal.RequestScope;
import dev.brisk.page.KeysetSql;
import dev.brisk.page.PageRequest;
import dev.brisk.page.PageResult;
import dev.brisk.page.Pager;
import dev.brisk.page.SortColumn;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a declared {@link Resource} the way a JSON API serves it: only the selected columns
 * (pushdown), embeds resolved one query per level, keyset pages for lists.
 *
 * <pre>{@code
 * ResourceReader products = ResourceReader.create(PRODUCT, db, pager);
 * products.byId(mask, 42);                                   // 404 problem when absent
 * products.page(mask, Where.create().and("p.category_id = ?", cat), pageRequest);
 * }</pre>
 *
 * <p>Thread-safe; runs on the caller's Vert.x context (use it from the request's context so its
 * statements count in {@code Server-Timing}). Embeds load through {@link EmbedLoaders#sql} unless
 * a request supplies its own loaders (for example, batching ones).
 */
public final class ResourceReader {

  private static final String ID_LABEL = "brisk_id";
  /**
   * One {@code = ANY($1)} array of a few thousand ids is still one cheap statement, so embeds of
   * a full page (100 orders with 5 items each) stay one query per level.
   */
  private static final DataLoaderOptions LOADER_OPTIONS =
      DataLoaderOptions.defaults().withMaxBatchSize(5_000);

  private static final int MAX_CACHED_STATEMENTS = 1024;

  private final Map<FieldMask, String> byIdSql = new ConcurrentHashMap<>();
  private final Resource resource;
  private final Sql sql;
  private final Pager pager;

  private ResourceReader(Resource resource, Sql sql, Pager pager) {
    this.resource = resource;
    this.sql = sql;
    this.pager = pager;
  }

  /** A reader for {@code resource}; {@code pager} may be null when only {@link #byId} is used. */
  public static ResourceReader create(Resource resource, Sql sql, Pager pager) {
    return new ResourceReader(resource, sql, pager);
  }

  /** The resource this reader serves. */
  public Resource resource() {
    return resource;
  }

  /**
   * The embed loaders used when a call does not pass its own: inside a Brisk request, loaders
   * batched in the request's {@link DataLoaderScope} (shared by all sub-requests of a batch);
   * elsewhere, plain SQL loaders.
   */
  public EmbedLoaders defaultLoaders() {
    return inBatch() ? EmbedLoaders.batched(DataLoaderScope.current(), sql::query, LOADER_OPTIONS)
        : EmbedLoaders.sql(sql::query);
  }

  /**
   * Whether the current request shares a DataLoader scope with siblings (a sub-request of a
   * batch). A lone request gains nothing from DataLoaders (the renderer already loads each embed
   * level for all rows at once), so it skips their end-of-turn hop.
   */
  private static boolean inBatch() {
    RequestScope scope = RequestScope.current();
    return scope != null && scope.parent() != null;
  }

  /** The row whose {@code id} is {@code id}, rendered with {@code mask}; 404 when absent. */
  public Future<JsonObject> byId(FieldMask mask, Object id) {
    return byId(mask, id, defaultLoaders());
  }

  /**
   * As {@link #byId(FieldMask, Object)} with these embed loaders. In a sub-request of a batch
   * the lookup goes through the shared {@link DataLoaderScope}: lookups of this resource made in
   * the same event-loop turn by the sub-requests share one {@code id = ANY($1)} query per mask.
   */
  public Future<JsonObject> byId(FieldMask mask, Object id, EmbedLoaders loaders) {
    Future<JsonObject> found = !inBatch()
        ? fetchOne(id, mask, loaders)
        : DataLoaderScope.current().<MaskedKey, JsonObject>loader("resource:" + resource.name(),
            BatchFn.mapped(keys -> MaskedKey.loadByMask(keys,
                (ids, m) -> fetchByIds(ids, m, loaders))), LOADER_OPTIONS)
            .load(new MaskedKey(id, mask));
    return found.compose(json -> json != null ? Future.succeededFuture(json)
        : Future.failedFuture(Problem.notFound(
            capitalized(resource.name()) + " " + id + " does not exist")));
  }

  private Future<JsonObject> fetchOne(Object id, FieldMask mask, EmbedLoaders loaders) {
    String query = byIdSql.get(mask);
    if (query == null) {
      query = "SELECT " + mask.projection() + " FROM " + resource.table() + " "
          + resource.alias() + " WHERE " + resource.field("id").sql() + " = $1";
      if (byIdSql.size() < MAX_CACHED_STATEMENTS) {
        byIdSql.put(mask, query);
      }
    }
    return sql.query(query, Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.succeededFuture(null)
        : Renderer.create(loaders).renderOne(rows.iterator().next(), mask));
  }

  private Future<Map<Object, JsonObject>> fetchByIds(List<Object> ids, FieldMask mask,
      EmbedLoaders loaders) {
    Field idField = resource.field("id");
    String query = "SELECT " + mask.projection() + ", " + idField.sql() + " AS " + ID_LABEL
        + " FROM " + resource.table() + " " + resource.alias() + " WHERE " + idField.sql()
        + " = ANY($1)";
    return sql.query(query, Tuple.of(Keys.array(idField.type(), ids))).compose(rowSet -> {
      List<Row> rows = new ArrayList<>(rowSet.size());
      rowSet.forEach(rows::add);
      return Renderer.create(loaders).render(rows, mask).map(json -> {
        Map<Object, JsonObject> byId = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
          byId.put(Keys.read(rows.get(i), ID_LABEL), json.get(i));
        }
        return byId;
      });
    });
  }

  /** One keyset page of the rows matching {@code where}, rendered with {@code mask}. */
  public Future<PageResult<JsonObject>> page(FieldMask mask, Where where, PageRequest request) {
    return page(mask, where, request, defaultLoaders());
  }

  /** As {@link #page(FieldMask, Where, PageRequest)} with these embed loaders. */
  public Future<PageResult<JsonObject>> page(FieldMask mask, Where where, PageRequest request,
      EmbedLoaders loaders) {
    Statement statement = pageStatement(mask, where, request);
    return sql.query(statement.sql(), statement.params()).compose(rowSet -> {
      List<Row> rows = new ArrayList<>(rowSet.size());
      rowSet.forEach(rows::add);
      PageResult<Row> page = pager.page(request, rows, (row, col) -> row.getValue(col.name()));
      return Renderer.create(loaders).render(page.data(), mask).map(json -> new PageResult<>(
          json, page.limit(), page.nextCursor(), page.prevCursor(), page.hasMore()));
    });
  }

  /**
   * The SQL a page reads: the mask's columns plus the sort keys, the filters, the keyset
   * predicate, ORDER BY and LIMIT (one more row than the page, to detect {@code has_more}).
   * Useful to {@code EXPLAIN} a list endpoint's query in a test.
   */
  public Statement pageStatement(FieldMask mask, Where where, PageRequest request) {
    KeysetSql keyset = request.sql(where.nextParam());
    StringBuilder query = new StringBuilder("SELECT ").append(mask.projection());
    for (SortColumn col : request.sort().columns()) {
      if (!mask.isSelected(col.name())) {
        query.append(", ").append(col.sql()).append(" AS ").append(col.name());
      }
    }
    query.append(" FROM ").append(resource.table()).append(' ').append(resource.alias())
        .append(" WHERE ").append(where.sql()).append(" AND ").append(keyset.predicate())
        .append(" ORDER BY ").append(keyset.orderBy()).append(" LIMIT ").append(keyset.limit());
    List<Object> params = new ArrayList<>(where.params());
    params.addAll(keyset.params());
    return new Statement(query.toString(), Tuple.wrap(params));
  }

  /** A SQL statement and its parameters. */
  public record Statement(String sql, Tuple params) {
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
