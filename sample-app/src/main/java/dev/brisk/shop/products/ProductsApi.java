package dev.brisk.shop.products;

import static dev.brisk.shop.ShopResources.PRODUCT;

import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.cache.CachePolicy;
import dev.brisk.db.Db;
import dev.brisk.endpoint.Filter;
import dev.brisk.endpoint.Mount;
import dev.brisk.endpoint.ResourceEndpoint;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Routes;
import dev.brisk.http.StreamLimiter;
import dev.brisk.imports.ImportLimits;
import dev.brisk.imports.NdjsonImport;
import dev.brisk.page.Pager;
import dev.brisk.shop.proto.Product;
import dev.brisk.shop.proto.ProductPage;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;

/** {@code /api/products}: one product, the filtered, sorted, keyset-paged list, its export. */
public final class ProductsApi {

  /** One product: CDNs may keep it a minute and serve it stale while revalidating or down. */
  // region policy
  static final CachePolicy CATALOG = CachePolicy.publicFor(Duration.ofSeconds(60))
      .withSharedMaxAge(Duration.ofSeconds(60))
      .withStaleWhileRevalidate(Duration.ofSeconds(30))
      .withStaleIfError(Duration.ofHours(1));
  // endregion policy

  private final ResourceEndpoint products;
  private final ProductPatch patch;
  private final NdjsonImport productImport;
  private final StreamLimiter streams;
  private final StreamLimiter imports;

  /**
   * The products API; the context's stream limiter admits exports and SSE, {@code imports}
   * admits imports (one per caller at a time), each import bounded by {@code importLimits}.
   */
  public ProductsApi(BriskContext context, Pager pager, RowVersions versions,
      StreamLimiter imports, ImportLimits importLimits) {
    Db db = context.db();
    this.streams = context.streams();
    this.imports = imports;
    // Every product write invalidates pages:product (versions.written): pages may be cached.
    // region page-cache
    this.products = reads(context, pager).cached(context.cache(), versions).cachePages().build();
    // endregion page-cache
    this.patch = new ProductPatch(db, context.cache(), versions);
    this.productImport = ProductImport.create(db, context.cache(), versions, importLimits);
  }

  /**
   * The product reads: list filters (shared with the export), sorts and protobuf, on the app's
   * database with its embed limits and stream options.
   */
  // region endpoint
  static ResourceEndpoint.Builder reads(BriskContext context, Pager pager) {
    return context.endpoint(PRODUCT, pager)
        .filter(Filter.id("category_id"),
            Filter.atLeast("min_price_cents", "price_cents"),
            Filter.atMost("max_price_cents", "price_cents"),
            Filter.prefix("q", "name").ignoringCase().withDescription("Name prefix."))
        .sorts("price_cents", "created_at")
        .protobuf(Product.getDescriptor(), ProductPage.getDescriptor());
  }
  // endregion endpoint

  public void register(Routes routes) {
    // Catalog reads are open to everyone; catalog writes need the internal tier.
    products.list(routes, Mount.at("/api/products", Access.open()));
    // Streaming routes write their own responses and read unbuffered bodies; a limiter admits
    // them (429/503) before they take a connection. Literal paths stay theirs next to /:id in
    // any order: /:id never takes "export" or "import" for an id, other methods are 405.
    // region export-route
    products.export(routes, Mount.at("/api/products/export", Access.open()), streams);
    // endregion export-route
    // region import-route
    routes.documented(productImport.documented(ProductImport.DOC))
        .upload(HttpMethod.POST, "/api/products/import", Access.tier("internal"), imports,
            productImport);
    // endregion import-route
    // region product-route
    products.get(routes, Mount.at("/api/products/:id", Access.open()).withPolicy(CATALOG));
    // endregion product-route
    // region patch-route
    routes.documented(ProductPatch.DOC)
        .patch("/api/products/:id", Access.tier("internal"), patch::handle);
    // endregion patch-route
  }
}
