package dev.brisk.fields;

import dev.brisk.batch.BatchFn;
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
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a declared {@link Resource} the way a JSON API serves it: only the selected columns
 * (pushdown), embeds resolved one query per level, keyset pages for lists.
 *
 * <pre>{@code
 * ResourceReader products = context.reader(PRODUCT, pager);   // the app's db and embed limits
 * products.byId(mask, 42);                                   // 404 problem when absent
 * products.page(mask, Where.create().and("p.category_id = ?", cat), pageRequest);
 * }</pre>
 *
 * <p>Embeds load with SQL ({@link EmbedLoaders#sql}); inside a sub-request of
 * {@code /api/batch} the by-id lookups and embeds go through the batch's shared
 * {@link DataLoaderScope}, so the sub-requests' lookups of one turn share one query per level.
 * Those DataLoaders are named after the resource and embed, but their keys carry the reader, so
 * two readers never answer for each other. The embed loaders are built once per reader.
 *
 * <p>Thread-safe; runs on the caller's Vert.x context (use it from the request's context so its
 * statements count in {@code Server-Timing}).
 */
public final class ResourceReader {

  private static final String ID_LABEL = "brisk_id";
  private static final String VERSION_LABEL = "brisk_version";
  private static final int MAX_CACHED_STATEMENTS = 1024;

  // By-id statements by what they select: a mask, a mask with a version, a version alone.
  private final Map<Object, String> byIdSql = new ConcurrentHashMap<>();
  private final Resource resource;
  private final Sql sql;
  private final Pager pager;
  private final EmbedLoaders overrides;
  private final EmbedLimits limits;
  // Renderers are stateless: one per loader set, not one per request.
  private final Renderer sqlRenderer;
  private final Renderer batchedRenderer;
  /** This reader as the source of batched by-id keys: one stable identity per reader. */
  private final MaskedKey.Source<JsonObject> byIds = this::fetchByIds;
  private volatile String fingerprint;

  private ResourceReader(Resource resource, Sql sql, Pager pager, EmbedLoaders overrides,
      EmbedLimits limits) {
    this.resource = Objects.requireNonNull(resource, "resource");
    this.sql = Objects.requireNonNull(sql, "sql");
    this.pager = pager;
    this.overrides = overrides;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.sqlRenderer = Renderer.create(EmbedLoaders.sql(sql, overrides, limits), limits);
    this.batchedRenderer = Renderer.create(
        new BatchedEmbedLoaders(DataLoaderScope::current, sql, overrides, limits), limits);
  }

  /**
   * A reader for {@code resource} with {@link EmbedLimits#defaults()}; {@code pager} may be null
   * when only {@link #byId} is used. The lower-level start, for tests and code without an app;
   * in an app, {@code context.reader(resource, pager)} reads its database with its embed limits.
   */
  public static ResourceReader create(Resource resource, Sql sql, Pager pager) {
    return new ResourceReader(resource, sql, pager, embed -> null, EmbedLimits.defaults());
  }

  /** A new reader like this one with other embed limits (rows per parent, rows per request). */
  public ResourceReader withEmbedLimits(EmbedLimits limits) {
    return new ResourceReader(resource, sql, pager, overrides, limits);
  }

  /**
   * A new reader like this one whose embeds load through {@code overrides} wherever it returns a
   * loader (at any depth, also inside {@code /api/batch}), and with SQL elsewhere:
   * {@code reader.withEmbedLoaders(EmbedLoaders.of(Map.of("product.category", cached)))}.
   */
  public ResourceReader withEmbedLoaders(EmbedLoaders overrides) {
    return new ResourceReader(resource, sql, pager, overrides, limits);
  }

  /** The resource this reader serves. */
  public Resource resource() {
    return resource;
  }

  /**
   * A short fingerprint of everything besides the request that shapes what this reader renders:
   * the declaration of its resource and of every resource it can embed, its embed limits and its
   * pager's default page size (not the loaders of {@link #withEmbedLoaders}). Readers with one
   * fingerprint render a request alike on any instance, so cached representations are keyed by
   * it: {@code CachedReads.create(cache, reader.fingerprint(), limits)}. Computed on first use (it
   * resolves the embed targets), then kept; any thread.
   */
  public String fingerprint() {
    String f = fingerprint;
    if (f == null) {
      f = ReaderFingerprint.of(resource, limits, pager);
      fingerprint = f;
    }
    return f;
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

  private Renderer renderer() {
    return inBatch() ? batchedRenderer : sqlRenderer;
  }

  /**
   * The row whose {@code id} is {@code id}, rendered with {@code mask}; a 404 problem when
   * absent. In a sub-request of a batch, lookups made by the sub-requests in the same event-loop
   * turn share one {@code id = ANY($1)} query per reader and mask.
   */
  public Future<JsonObject> byId(FieldMask mask, Object id) {
    Future<JsonObject> found = !inBatch()
        ? fetchOne(id, mask)
        : DataLoaderScope.current().<MaskedKey<JsonObject>, JsonObject>loader(
            "resource:" + resource.name(), MaskedKey::load,
            BatchedEmbedLoaders.OPTIONS).load(new MaskedKey<>(byIds, Keys.normalize(id), mask));
    return found.compose(json -> json != null ? Future.succeededFuture(json)
        : Future.failedFuture(notFound(id)));
  }

  /**
   * {@link #byId} together with the row's version, {@code versionSql} (an expression over the
   * resource's alias, e.g. {@code p.xmin}) read as text by the same statement, so the two come
   * from one snapshot; a 404 problem when absent. Inside a {@code /api/batch} sub-request the
   * version is read first, then the row, each through a loader the batch's sub-requests share.
   */
  public Future<Versioned> byIdVersioned(FieldMask mask, Object id, String versionSql) {
    if (inBatch()) {
      return versionOf(id, versionSql).compose(version -> byId(mask, id)
          .map(json -> new Versioned(json, version)));
    }
    VersionedSelect key = new VersionedSelect(mask, versionSql);
    String query = byIdSql.get(key);
    if (query == null) {
      query = byIdStatement(key, mask.projection() + ", (" + versionSql + ")::text AS "
          + VERSION_LABEL);
    }
    return sql.query(query, Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(notFound(id));
      }
      Row row = rows.iterator().next();
      return sqlRenderer.renderOne(row, mask)
          .map(json -> new Versioned(json, row.getString(VERSION_LABEL)));
    });
  }

  /**
   * The row's {@code versionSql} as text, read alone (a 304 needs nothing else); a 404 problem
   * when absent. In a sub-request of a batch, the versions asked for in the same event-loop turn
   * are read by one {@code id = ANY($1)} query.
   */
  public Future<String> versionOf(Object id, String versionSql) {
    if (inBatch()) {
      return DataLoaderScope.current().<Object, String>loader(
          "version:" + resource.name() + ":" + versionSql,
          BatchFn.mapped(ids -> fetchVersions(ids, versionSql)), BatchedEmbedLoaders.OPTIONS)
          .load(Keys.normalize(id)).compose(version -> version != null
              ? Future.succeededFuture(version) : Future.failedFuture(notFound(id)));
    }
    String query = byIdSql.get(versionSql);
    if (query == null) {
      query = byIdStatement(versionSql, "(" + versionSql + ")::text");
    }
    return sql.query(query, Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(notFound(id))
        : Future.succeededFuture(rows.iterator().next().getString(0)));
  }

  /** A rendered row and the version it was read at. */
  public record Versioned(JsonObject json, String version) {
  }

  private Problem notFound(Object id) {
    return notFound(resource.name(), id);
  }

  /**
   * 404: no {@code resource} row has {@code id} ("Product 5 does not exist"), as a read of it
   * answers; for writes that look the row up themselves.
   */
  public static Problem notFound(String resource, Object id) {
    return Problem.notFound(row(resource, id) + " does not exist");
  }

  /** How problems name row {@code id} of {@code resource}: {@code Product 5}. */
  public static String row(String resource, Object id) {
    return (resource.isEmpty() ? resource
        : Character.toUpperCase(resource.charAt(0)) + resource.substring(1)) + " " + id;
  }

  private Future<JsonObject> fetchOne(Object id, FieldMask mask) {
    String query = byIdSql.get(mask);
    if (query == null) {
      query = byIdStatement(mask, mask.projection());
    }
    return sql.query(query, Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.succeededFuture(null)
        : sqlRenderer.renderOne(rows.iterator().next(), mask));
  }

  /**
   * {@code SELECT columns} of the row whose id is {@code $1}, remembered under {@code key}
   * (up to {@value #MAX_CACHED_STATEMENTS} statements), so a hit builds no SQL.
   */
  private String byIdStatement(Object key, String columns) {
    String query = "SELECT " + columns + " FROM " + resource.table() + " " + resource.alias()
        + " WHERE " + resource.field("id").sql() + " = $1";
    if (byIdSql.size() < MAX_CACHED_STATEMENTS) {
      byIdSql.put(key, query);
    }
    return query;
  }

  /** The cache key of a by-id statement selecting a mask and a version. */
  private record VersionedSelect(FieldMask mask, String versionSql) {
  }

  /** The versions of the rows whose ids are {@code ids}, by id; absent ids are missing. */
  private Future<Map<Object, String>> fetchVersions(List<Object> ids, String versionSql) {
    Field idField = resource.field("id");
    String query = "SELECT " + idField.sql() + " AS " + ID_LABEL + ", (" + versionSql
        + ")::text AS " + VERSION_LABEL + " FROM " + resource.table() + " " + resource.alias()
        + " WHERE " + idField.sql() + " = ANY($1)";
    return sql.query(query, Tuple.tuple().addValue(Keys.array(idField.type(), ids)))
        .map(rows -> {
          Map<Object, String> byId = new HashMap<>();
          rows.forEach(row -> byId.put(Keys.read(row, ID_LABEL), row.getString(VERSION_LABEL)));
          return byId;
        });
  }

  /** The batch function's work: runs on the scope's context, so it names its loaders itself. */
  private Future<Map<Object, JsonObject>> fetchByIds(List<Object> ids, FieldMask mask) {
    Field idField = resource.field("id");
    String query = "SELECT " + mask.projection() + ", " + idField.sql() + " AS " + ID_LABEL
        + " FROM " + resource.table() + " " + resource.alias() + " WHERE " + idField.sql()
        + " = ANY($1)";
    Tuple keyArray = Tuple.tuple().addValue(Keys.array(idField.type(), ids));
    return sql.query(query, keyArray).compose(rowSet -> {
      List<Row> rows = new ArrayList<>(rowSet.size());
      rowSet.forEach(rows::add);
      return batchedRenderer.render(rows, mask).map(json -> {
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
    Renderer renderer = renderer();
    Statement statement = pageStatement(mask, where, request);
    return sql.query(statement.sql(), statement.params())
        .recover(e -> Future.failedFuture(pager.queryFailure(request, e)))
        .compose(rowSet -> {
          List<Row> rows = new ArrayList<>(rowSet.size());
          rowSet.forEach(rows::add);
          PageResult<Row> page = pager.page(request, rows,
              (row, col) -> row.getValue(col.name()));
          return renderer.render(page.data(), mask).map(json -> new PageResult<>(
              json, page.limit(), page.nextCursor(), page.prevCursor(), page.hasMore()));
        });
  }

  /**
   * Renders one chunk of a stream, such as the rows of one cursor fetch read with
   * {@code mask.projection()}, as {@link #page} renders its rows: each embed level is loaded
   * with one query for the whole chunk, to-many embeds capped per parent. The request's row
   * budget ({@link EmbedLimits#maxRowsFor} its caller's tier) starts over with each call, so
   * what a chunk embeds is bounded on its own whatever the stream's length: render one chunk at
   * a time.
   * {@code ChunkedStream.map(cursor, 500, rows -> reader.renderChunk(rows, mask))}
   */
  public Future<List<JsonObject>> renderChunk(List<Row> rows, FieldMask mask) {
    RowBudget.restart();
    return renderer().render(rows, mask);
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
}
