package dev.brisk.shop.categories;

import static dev.brisk.shop.ShopResources.CATEGORY;

import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.endpoint.Filter;
import dev.brisk.endpoint.Mount;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import dev.brisk.shop.proto.Category;
import dev.brisk.shop.proto.CategoryPage;

/**
 * {@code /api/categories}: the resource built step by step in {@code docs/tutorial.md}. Its
 * declaration, {@code ShopResources.CATEGORY}, lists the category's products.
 */
public final class CategoriesApi {

  private CategoriesApi() {
  }

  /**
   * Lists, exports (admitted by the context's stream limiter) and gets categories, all open, with
   * the app's embed limits and stream options; ETags from {@code versions}.
   */
  // region register
  public static void register(Routes routes, BriskContext context, Pager pager,
      RowVersions versions) {
    context.endpoint(CATEGORY, pager)
        .filter(Filter.prefix("q", "name"))
        .sorts("name")
        .protobuf(Category.getDescriptor(), CategoryPage.getDescriptor())
        .cached(context.cache(), versions)
        .build()
        .list(routes, Mount.at("/api/categories", Access.open()))
        .export(routes, Mount.at("/api/categories/export", Access.open()), context.streams())
        .get(routes, Mount.at("/api/categories/:id", Access.open()));
  }
  // endregion register
}
