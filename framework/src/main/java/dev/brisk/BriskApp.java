package dev.brisk;

import dev.brisk.auth.ApiKeyStore;
import dev.brisk.http.Routes;
import dev.brisk.openapi.OpenApiOptions;
import io.vertx.core.Future;

/**
 * An API built on Brisk: one-time startup work and the routes each HTTP verticle serves.
 *
 * <p>{@code Brisk.run(args, ShopApp::new)}
 */
public interface BriskApp {

  /**
   * Adjusts the options built from the settings ({@code --key} / {@code BRISK_KEY}) before
   * anything starts, for what is easier said in code: {@code return options.withThrottle(
   * options.throttle().withRateLimits(limits))}. Called once; the default keeps them.
   */
  default BriskOptions options(BriskOptions options) {
    return options;
  }

  /**
   * The app's own command-line options, printed by {@code --help} after Brisk's: a heading, then
   * a line each ({@code "  --dataset NAME   demo data: small (default) | large"}). The default
   * has none.
   */
  default String help() {
    return "";
  }

  /**
   * Runs once before any verticle serves traffic (schema migrations, data loading). Runs on a
   * Vert.x context; must not block.
   */
  default Future<Void> start(BriskContext context) {
    return Future.succeededFuture();
  }

  /**
   * Where the app's API keys are looked up ({@code X-API-Key}); called once after
   * {@link #start}. The default knows no keys, so every key is answered 401.
   */
  default ApiKeyStore apiKeys(BriskContext context) {
    return ApiKeyStore.none();
  }

  /**
   * What the generated API description ({@code GET /openapi.json}, {@code GET /docs}) says about
   * the app, and whether it is served; called once per HTTP verticle after {@link #routes}. The
   * default reads {@code --openapi on|off}, {@code --api-title} and {@code --api-version};
   * override it to add a description or choose a title: {@code return
   * BriskApp.super.openApi(context).withDescription("...")}. {@code --api-title} and
   * {@code --api-version}, when given, win over what this returns.
   */
  default OpenApiOptions openApi(BriskContext context) {
    return HttpVerticle.openApiOptions(context.config());
  }

  /**
   * Declares the routes; called once per HTTP verticle instance on that verticle's event loop.
   */
  void routes(Routes routes, BriskContext context);
}
