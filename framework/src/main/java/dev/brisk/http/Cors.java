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
 * {@code Access-Control-Allow-Origin} and the exposed headers, set by {@link #decorate} before
 * the request gate so its refusals (a malformed query, a second {@code Content-Type}) and a
 * draining server's 503 carry them too; others are served without them (the browser then hides
 * the response). Never {@code *} with credentials. Runs on the request's context.
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

  /**
   * First, before anything may answer: {@code Vary: Origin} on every response, so a shared cache
   * never serves one origin's answer to another, and an allowed origin's headers on every answer
   * to an actual request.
   */
  void decorate(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    ctx.addHeadersEndHandler(v -> vary(response.headers(), "Origin"));
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && !isPreflight(ctx.request()) && options.allows(origin)) {
      allowOrigin(response, origin);
      response.putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      response.putHeader("Timing-Allow-Origin", allowedOrigin(origin));
    }
  }

  /** After the request gate: answers a preflight, or continues. */
  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && isPreflight(ctx.request())) {
      preflight(ctx, origin);
    } else {
      next.handle(ctx);
    }
  }

  private static boolean isPreflight(HttpServerRequest request) {
    return request.method() == HttpMethod.OPTIONS
        && request.getHeader("Access-Control-Request-Method") != null;
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
