package dev.brisk.shop.categories;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.page.SortColumn.asc;

import dev.brisk.db.Db;
import dev.brisk.db.Where;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.page.PageRequest;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.shop.Queries;
import dev.brisk.shop.ShopResources;
import dev.brisk.shop.proto.Category;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/categories}: the resource built step by step in {@code docs/tutorial.md}.
 */
public final class CategoriesApi {

  // Step 1: declare the resource once. It drives the SQL projection, JSON, protobuf and ETags.
  static final Resource CATEGORY = Resource.builder("category", "categories", "c")
      .field("id", "id", LONG)
      .field("name", "name", TEXT)
      .field("slug", "slug", TEXT)
      .embedMany("products", ShopResources.PRODUCT, "category_id")
      .build();

  // Step 3: the sorts clients may ask for; the last column (id) breaks ties.
  static final Sort BY_ID = Sort.of("id", asc("id", "c.id"));
  static final Sort BY_NAME = Sort.of("name", asc("name", "c.name"), asc("id", "c.id"));
  static final List<Sort> SORTS = List.of(BY_ID, BY_ID.reversed(), BY_NAME, BY_NAME.reversed());

  private final ResourceReader categories;
  private final Pager pager;

  public CategoriesApi(Db db, Pager pager) {
    this.categories = ResourceReader.create(CATEGORY, db, pager);
    this.pager = pager;
  }

  public void register(Routes routes) {
    routes.get("/api/categories", this::list);
    routes.get("/api/categories/:id", this::one);
  }

  // Step 2: one category, with field selection (and embeds, batched by a DataLoader).
  private Future<Reply> one(RoutingContext ctx) {
    Queries.onlyParams(ctx, Set.of("fields"));
    long id = Requests.pathId(ctx, "id");
    FieldMask mask = Queries.mask(ctx, CATEGORY);
    return categories.byId(mask, id)
        .map(json -> Reply.ok(json).withProtobuf(Category.getDescriptor()));
  }

  // Step 3: the list, keyset-paged with signed cursors, filtered by a name prefix.
  private Future<Reply> list(RoutingContext ctx) {
    Queries.onlyParams(ctx, Set.of("q", "sort", "limit", "cursor", "fields"));
    String prefix = Requests.single(ctx, "q");
    Where where = Where.create().startsWith("c.name", prefix);
    Sort sort = Sort.select(Requests.single(ctx, "sort"), SORTS);
    PageRequest page = pager.parse(ctx.queryParams(), sort, Map.of("q", prefix == null ? ""
        : prefix));
    return categories.page(Queries.mask(ctx, CATEGORY), where, page)
        .map(result -> Queries.pageReply(ctx, result, null));
  }
}
