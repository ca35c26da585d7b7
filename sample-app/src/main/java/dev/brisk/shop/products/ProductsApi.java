package dev.brisk.shop.products;

import static dev.brisk.page.SortColumn.asc;
import static dev.brisk.shop.ShopResources.PRODUCT;

import dev.brisk.auth.Access;
import dev.brisk.cache.Cache;
import dev.brisk.cache.CachePolicy;
import dev.brisk.db.Db;
import dev.brisk.db.Where;
import dev.brisk.fields.FieldMask;
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
import dev.brisk.shop.proto.Product;
import dev.brisk.shop.proto.ProductPage;
import dev.brisk.http.StreamLimiter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code /api/products}: one product, and the filtered, sorted, keyset-paged list. */
public final class ProductsApi {

  static final Sort BY_ID = Sort.of("id", asc("id", "p.id"));
  static final Sort BY_PRICE = Sort.of("price_cents", asc("price_cents", "p.price_cents"),
      asc("id", "p.id"));
  static final Sort BY_CREATED = Sort.of("created_at", asc("created_at", "p.created_at"),
      asc("id", "p.id"));
  static final List<Sort> SORTS = List.of(BY_ID, BY_ID.reversed(), BY_PRICE, BY_PRICE.reversed(),
      BY_CREATED, BY_CREATED.reversed());
  private static final Set<String> LIST_PARAMS = Set.of("category_id", "min_price_cents",
      "max_price_cents", "q", "sort", "limit", "cursor", "fields");
  private static final int MAX_PREFIX = 100;

  /** One product: CDNs may keep it a minute and serve it stale while revalidating or down. */
  // region policy
  static final CachePolicy CATALOG = CachePolicy.publicFor(Duration.ofSeconds(60))
      .withSharedMaxAge(Duration.ofSeconds(60))
      .withStaleWhileRevalidate(Duration.ofSeconds(30))
      .withStaleIfError(Duration.ofHours(1));
  // endregion policy

  private final Db db;
  private final ResourceReader products;
  private final CachedReads reads;
  private final Pager pager;
  private final ProductPatch patch;
  private final ProductExport export;
  private final ProductImport productImport;
  private final StreamLimiter streams;
  private final StreamLimiter imports;

  /**
   * The products API; {@code streams} admits exports and SSE, {@code imports} admits imports (one
   * per caller at a time), each import bounded by {@code importLimits}.
   */
  public ProductsApi(Db db, Pager pager, Cache cache, StreamLimiter streams,
      StreamLimiter imports, ProductImportLimits importLimits) {
    this.db = db;
    this.streams = streams;
    this.imports = imports;
    this.products = ResourceReader.create(PRODUCT, db, pager);
    this.pager = pager;
    this.reads = CachedReads.create(cache);
    this.patch = new ProductPatch(db, cache);
    this.export = ProductExport.create(db);
    this.productImport = new ProductImport(db, cache, 500, importLimits);
  }

  public void register(Routes routes) {
    // Catalog reads are open to everyone; catalog writes need the internal tier.
    routes.get("/api/products", Access.open(), this::list);
    // Streaming routes write their own responses and read unbuffered bodies; a limiter admits
    // them (429/503) before they take a connection. The export is declared before /:id, which
    // would otherwise take "export" for an id.
    // region export-route
    routes.stream(HttpMethod.GET, "/api/products/export", Access.open(), streams, export::handle);
    // endregion export-route
    routes.stream(HttpMethod.POST, "/api/products/import", Access.tier("internal"), imports,
        productImport::handle);
    // region product-route
    routes.get("/api/products/:id", Access.open(), CATALOG, this::one);
    // endregion product-route
    routes.patch("/api/products/:id", Access.tier("internal"), patch::handle);
  }

  private Future<Reply> one(RoutingContext ctx) {
    return Queries.byId(ctx, products, Product.getDescriptor(), reads, db);
  }

  private Future<Reply> list(RoutingContext ctx) {
    Queries.onlyParams(ctx, LIST_PARAMS);
    FieldMask mask = Queries.mask(ctx, PRODUCT);
    Filter filter = Filter.of(ctx);
    Sort sort = Sort.select(Requests.single(ctx, "sort"), SORTS);
    PageRequest page = pager.parse(ctx, sort, filter.canonical());
    // region page-cache
    return reads.page(ctx, mask, () -> products.page(mask, filter.where(), page),
        ProductPage.getDescriptor());
    // endregion page-cache
  }

  /** The list filters (shared with the export): SQL conditions and their canonical values. */
  record Filter(Long categoryId, Long minPrice, Long maxPrice, String namePrefix) {

    static Filter of(RoutingContext ctx) {
      return new Filter(Requests.queryId(ctx, "category_id"),
          Requests.queryLong(ctx, "min_price_cents"), Requests.queryLong(ctx, "max_price_cents"),
          ProductsApi.namePrefix(ctx));
    }

    Where where() {
      return Where.create()
          .and("p.category_id = ?", categoryId)
          .and("p.price_cents >= ?", minPrice)
          .and("p.price_cents <= ?", maxPrice)
          .startsWith("lower(p.name)", namePrefix);
    }

    Map<String, Object> canonical() {
      Map<String, Object> filters = new LinkedHashMap<>();
      filters.put("category_id", categoryId);
      filters.put("min_price_cents", minPrice);
      filters.put("max_price_cents", maxPrice);
      filters.put("q", namePrefix);
      return filters;
    }
  }

  private static String namePrefix(RoutingContext ctx) {
    String q = Requests.single(ctx, "q");
    if (q == null) {
      return null;
    }
    if (q.isBlank() || q.length() > MAX_PREFIX) {
      throw Problem.invalidParameter("q", "q must be 1 to " + MAX_PREFIX + " characters");
    }
    return q.toLowerCase(Locale.ROOT);
  }
}
