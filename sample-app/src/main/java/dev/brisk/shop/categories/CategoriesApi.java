package dev.brisk.shop.categories;

import static dev.brisk.shop.ShopResources.CATEGORY;

import dev.brisk.auth.Access;
import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.endpoint.Filter;
import dev.brisk.endpoint.Mount;
import dev.brisk.endpoint.ResourceEndpoint;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.http.Routes;
import dev.brisk.http.StreamLimiter;
import dev.brisk.page.Pager;
import dev.brisk.shop.Versions;
import dev.brisk.shop.proto.Category;
import dev.brisk.shop.proto.CategoryPage;

/**
 * {@code /api/categories}: the resource built step by step in {@code docs/tutorial.md}. Its
 * declaration, {@code ShopResources.CATEGORY}, lists the category's products.
 */
public final class CategoriesApi {

  private CategoriesApi() {
  }

  /** Lists, exports (admitted by {@code streams}) and gets categories, all open. */
  // region register
  public static void register(Routes routes, Db db, Pager pager, Cache cache,
      StreamLimiter streams) {
    ResourceEndpoint.builder(CATEGORY, db, pager)
        .filter(Filter.prefix("q", "name"))
        .sorts("name")
        .protobuf(Category.getDescriptor(), CategoryPage.getDescriptor())
        .cached(cache, key -> Versions.of(db, key))
        .embedLimits(EmbedLimits.fromEnv())
        .build()
        .list(routes, Mount.at("/api/categories", Access.open()))
        .export(routes, Mount.at("/api/categories/export", Access.open()), streams)
        .get(routes, Mount.at("/api/categories/:id", Access.open()));
  }
  // endregion register
}
