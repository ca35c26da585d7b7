package dev.brisk.shop;

import dev.brisk.auth.ApiKeyStore;
import dev.brisk.http.ApiVersion;
import dev.brisk.http.BatchEndpoint;
import dev.brisk.http.BatchEndpointOptions;
import dev.brisk.db.Migrations;
import dev.brisk.BriskApp;
import dev.brisk.BriskConfig;
import dev.brisk.BriskContext;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Routes;
import dev.brisk.openapi.OpenApiOptions;
import dev.brisk.page.Pager;
import dev.brisk.shop.categories.CategoriesApi;
import dev.brisk.shop.data.Dataset;
import dev.brisk.shop.data.DatasetLoader;
import dev.brisk.shop.orders.OrdersApi;
import dev.brisk.shop.products.ProductImport;
import dev.brisk.shop.products.ProductsApi;
import dev.brisk.shop.shipping.ShippingApi;
import dev.brisk.shop.users.UsersApi;
import dev.brisk.http.StreamLimiter;
import dev.brisk.http.StreamLimits;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The e-commerce sample API; its HTTP contract is {@code API.md}. */
public final class ShopApp implements BriskApp {

  static final List<String> MIGRATIONS = List.of("db/V1__schema.sql", "db/V2__indexes.sql",
      "db/V3__hashed_api_keys.sql");

  @Override
  public Future<Void> start(BriskContext context) {
    Dataset dataset = context.config().parse("dataset", Dataset::named, Dataset.named("small"));
    return Migrations.apply(context.vertx(), context.db(), MIGRATIONS)
        .compose(n -> DatasetLoader.load(context.vertx(), context.db(), dataset));
  }

  /**
   * {@code --demo-keys on|off} ({@code BRISK_DEMO_KEYS}): whether the README's demo keys are
   * accepted; off by default with {@code BRISK_ENV=production}, where anyone who read the README
   * could otherwise call the instance as its operators.
   */
  static boolean demoKeys(BriskConfig config) {
    String value = config.get("demo-keys", config.production() ? "off" : "on");
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("demo-keys must be on or off, was '"
          + value + "'");
    };
  }

  /**
   * Keys are hashed rows of {@code api_keys} (docs/security.md); the demo keys every dataset
   * holds are refused as unknown when {@code --demo-keys} is off.
   */
  @Override
  public ApiKeyStore apiKeys(BriskContext context) {
    ApiKeyStore stored = ApiKeyStore.sql(context.db(), "api_keys");
    if (demoKeys(context.config())) {
      return stored;
    }
    Set<String> demo = Set.copyOf(DatasetLoader.DEMO_KEY_HASHES);
    return hash -> demo.contains(hash) ? Future.succeededFuture(null) : stored.find(hash);
  }

  /** One pager per app, signing with the keys every instance shares ({@code BRISK_CURSOR_KEYS}). */
  private static Pager pager(BriskContext context) {
    return context.shared("pager", () -> Pager.create(context.pages()));
  }

  /**
   * The row versions of the shop's representations (ETags, cache tags, what writes invalidate),
   * derived from its resource declarations; one per app, so their statements are built once.
   */
  // region row-versions
  private static RowVersions versions(BriskContext context) {
    return context.shared("row-versions", () -> RowVersions.of(context.db(), ShopResources.ALL));
  }
  // endregion row-versions

  /**
   * One import per caller at a time across every instance (counted in Redis), four per instance,
   * shared by every verticle's routes.
   */
  private static StreamLimiter imports(BriskContext context) {
    return context.shared("imports", () -> StreamLimiter.shared("imports",
        new StreamLimits(4, 1, null, Duration.ofSeconds(5)),
        context.options().auth().tiers(), context.registry(), context.vertx(),
        context.redis()));
  }

  /** One carrier client per app, so every verticle shares its breaker, bulkhead and budget. */
  private static ShippingApi shipping(BriskContext context) {
    return context.shared("shipping", () -> ShippingApi.create(context));
  }

  @Override
  public String help() {
    return """
        The shop
          --dataset NAME                  demo data for an empty database: small (default) | large
          --demo-keys on|off              accept the README's demo API keys; default on, off
                                          with BRISK_ENV=production (then they are 401)
          --carrier-url URL               the shipping carrier; default none (quotes answer 503)
          --carrier-timeout D             default 800ms
          --carrier-open-duration D       the carrier breaker stays open; default 5s
          --import-max-bytes N            NDJSON import body; default 67108864
          --import-max-lines N            default 1000000
          --import-max-line-bytes N       default 65536
          --import-max-duration D         default 10m
          --import-max-inflation-ratio N  of a compressed import; default 100
        """;
  }

  /** The generated description's title and introduction; see docs/openapi.md. */
  // region openapi-options
  @Override
  public OpenApiOptions openApi(BriskContext context) {
    return BriskApp.super.openApi(context).withTitle("Brisk shop")
        .withDescription("The sample e-commerce API. Catalog reads are open; send `X-API-Key` "
            + "(try `demo-internal`) for orders, users and writes.");
  }
  // endregion openapi-options

  @Override
  public void routes(Routes root, BriskContext context) {
    // Served at /api/v1/... and, as the current version, at /api/... too.
    // region version
    Routes routes = root.version(ApiVersion.current("v1"));
    // endregion version
    Pager paging = pager(context);
    RowVersions rowVersions = versions(context);
    new ProductsApi(context, paging, rowVersions, imports(context),
        ProductImport.limits(context.config(), context.streamOptions().stallTimeout()))
        .register(routes);
    UsersApi.register(routes, context, rowVersions);
    new OrdersApi(context, paging, rowVersions).register(routes);
    CategoriesApi.register(routes, context, paging, rowVersions);
    shipping(context).register(routes);
    // region batch-endpoint
    BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults())
        .register(routes, "/api/batch");
    // endregion batch-endpoint
  }
}
