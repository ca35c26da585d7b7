package dev.brisk.shop.categories;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.page.SortColumn.asc;

import dev.brisk.db.CursorOptions;
import dev.brisk.auth.Access;
import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.db.Where;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.CachedReads;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.page.PageRequest;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.problem.Problem;
import dev.brisk.shop.Queries;
import dev.brisk.shop.ShopResources;
import dev.brisk.shop.proto.Category;
import dev.brisk.stream.ProtobufRows;
import dev.brisk.stream.StreamEncoder;
import dev.brisk.stream.StreamFormat;
import dev.brisk.stream.StreamOptions;
import dev.brisk.http.StreamLimiter;
import dev.brisk.stream.Streamer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/categories}: the resource built step by step in {@code docs/tutorial.md}.
 */
public final class CategoriesApi {

  // Step 1: declare the resource once. It drives the SQL projection, JSON, protobuf and ETags.
  // region resource
  static final Resource CATEGORY = Resource.builder("category", "categories", "c")
      .field("id", "id", LONG)
      .field("name", "name", TEXT)
      .field("slug", "slug", TEXT)
      .embedMany("products", ShopResources.PRODUCT, "category_id")
      .build();
  // endregion resource

  // Step 3: the sorts clients may ask for; the last column (id) breaks ties.
  // region sorts
  static final Sort BY_ID = Sort.of("id", asc("id", "c.id"));
  static final Sort BY_NAME = Sort.of("name", asc("name", "c.name"), asc("id", "c.id"));
  static final List<Sort> SORTS = List.of(BY_ID, BY_ID.reversed(), BY_NAME, BY_NAME.reversed());
  // endregion sorts

  private final Db db;
  private final CachedReads reads;
  private final ResourceReader categories;
  private final Pager pager;
  private final Streamer streamer = Streamer.create(StreamOptions.fromEnv());
  private final StreamLimiter streams;

  /** The categories API; {@code streams} admits exports (429/503 before any SQL). */
  public CategoriesApi(Db db, Pager pager, Cache cache, StreamLimiter streams) {
    this.db = db;
    this.reads = CachedReads.create(cache);
    this.categories = ResourceReader.create(CATEGORY, db, pager)
        .withEmbedLimits(EmbedLimits.fromEnv());
    this.pager = pager;
    this.streams = streams;
  }

  // region register
  public void register(Routes routes) {
    routes.get("/api/categories", Access.open(), this::list);
    routes.stream(HttpMethod.GET, "/api/categories/export", Access.open(), streams, this::export);
    routes.get("/api/categories/:id", Access.open(), this::one);
  }
  // endregion register

  // Step 2: one category, with field selection; embeds cost one query per level.
  // region one
  private Future<Reply> one(RoutingContext ctx) {
    return Queries.byId(ctx, categories, Category.getDescriptor(), reads, db);
  }
  // endregion one

  // Step 5: every category streamed from a database cursor, in the format Accept asks for.
  // region export
  private void export(RoutingContext ctx) {
    Queries.onlyParams(ctx, Set.of("fields"));
    FieldMask mask = Queries.mask(ctx, CATEGORY);
    if (!mask.embeds().isEmpty()) {
      throw Problem.invalidParameter("fields", "embeds are not available in exports");
    }
    StreamFormat format = StreamFormat.negotiate(ctx.request().getHeader("Accept"),
        StreamFormat.all());
    StreamEncoder<Row> encoder = StreamEncoder.rows(mask)
        .withProtobufWriter(ProtobufRows.writer(Category.getDescriptor(), mask))
        .withEventId(row -> Long.toString(row.getLong("brisk_id")))
        .withEventName("category");
    db.cursor("SELECT " + mask.projection() + ", c.id AS brisk_id FROM categories c ORDER BY c.id",
            Tuple.tuple(), CursorOptions.defaults())
        .compose(rows -> streamer.send(ctx, format, rows, encoder))
        .onFailure(ctx::fail);
  }
  // endregion export

  // Step 3: the list, keyset-paged with signed cursors, filtered by a name prefix.
  // region list
  private Future<Reply> list(RoutingContext ctx) {
    Queries.onlyParams(ctx, Set.of("q", "sort", "limit", "cursor", "fields"));
    String prefix = Requests.single(ctx, "q");
    Where where = Where.create().startsWith("c.name", prefix);
    Sort sort = Sort.select(Requests.single(ctx, "sort"), SORTS);
    PageRequest page = pager.parse(ctx, sort, Map.of("q", prefix == null ? ""
        : prefix));
    return categories.page(Queries.mask(ctx, CATEGORY), where, page)
        .map(result -> Queries.pageReply(ctx, result, null));
  }
  // endregion list
}
