package dev.brisk.http;

import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * CORS by configuration ({@link CorsOptions}). A preflight ({@code OPTIONS} with
 * {@code Origin} and {@code Access-Control-Request-Method}) to a declared route is answered
 * here, before callers are resolved (preflights carry no credentials): 204 listing every method
 * of that route and {@code Access-Control-Max-Age}, so a browser asks once per route; a refused
 * origin gets 403 {@code cors-origin-refused}. Actual requests from an allowed origin get
 * {@code Access-Control-Allow-Origin} and the exposed headers; others are served without them
 * (the browser then hides the response). Never {@code *} with credentials. Runs on the
 * request's context.
 */
final class Cors implements Handler<RoutingContext> {

  private static final String ALLOWED_HEADERS = String.join(", ", CorsOptions.ALLOWED_HEADERS);
  private static final String EXPOSED_HEADERS = String.join(", ", CorsOptions.EXPOSED_HEADERS);

  private final CorsOptions options;
  private final Routes routes;
  private final Counter allowed;
  private final Counter refused;
  private final Handler<RoutingContext> next;

  /** {@code next} continues a request that is not a preflight answered here. */
  Cors(CorsOptions options, Routes routes, MeterRegistry registry, Handler<RoutingContext> next) {
    this.options = options;
    this.routes = routes;
    this.next = next;
    this.allowed = Counter.builder("brisk.cors.preflights").tag("outcome", "allowed")
        .description("CORS preflights answered").register(registry);
    this.refused = Counter.builder("brisk.cors.preflights").tag("outcome", "refused")
        .description("CORS preflights answered").register(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    // Every response, so a shared cache never serves one origin's answer to another.
    ctx.addHeadersEndHandler(v -> vary(response.headers(), "Origin"));
    String origin = request.getHeader("Origin");
    if (origin == null) {
      next.handle(ctx);
      return;
    }
    if (request.method() == HttpMethod.OPTIONS
        && request.getHeader("Access-Control-Request-Method") != null) {
      preflight(ctx, origin);
      return;
    }
    if (options.allows(origin)) {
      allowOrigin(response, origin);
      response.putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      response.putHeader("Timing-Allow-Origin", allowedOrigin(origin));
    }
    next.handle(ctx);
  }

  private void preflight(RoutingContext ctx, String origin) {
    List<String> methods = routes.allowedMethods(ctx.normalizedPath());
    if (methods.isEmpty()) {
      next.handle(ctx);
      return;
    }
    if (!options.allows(origin)) {
      refused.increment();
      ctx.fail(Problem.of(403, "cors-origin-refused", "Origin Not Allowed",
          "Cross-origin requests from this origin are not allowed"));
      return;
    }
    allowed.increment();
    HttpServerResponse response = ctx.response();
    allowOrigin(response, origin);
    response.putHeader("Access-Control-Allow-Methods", String.join(", ", methods))
        .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
        .putHeader("Access-Control-Max-Age", Long.toString(options.maxAge().toSeconds()))
        .setStatusCode(204);
    vary(response.headers(), "Access-Control-Request-Method, Access-Control-Request-Headers");
    response.end();
  }

  private void allowOrigin(HttpServerResponse response, String origin) {
    response.putHeader("Access-Control-Allow-Origin", allowedOrigin(origin));
    if (options.allowCredentials()) {
      response.putHeader("Access-Control-Allow-Credentials", "true");
    }
  }

  /** {@code *} only for any-origin without credentials; otherwise the request's own origin. */
  private String allowedOrigin(String origin) {
    return options.origins().contains("*") && !options.allowCredentials() ? "*" : origin;
  }

  private static void vary(MultiMap headers, String names) {
    String vary = headers.get("Vary");
    if (vary == null || vary.isBlank()) {
      headers.set("Vary", names);
    } else if (!vary.contains(names) && !vary.equals("*")) {
      headers.set("Vary", vary + ", " + names);
    }
  }
}
