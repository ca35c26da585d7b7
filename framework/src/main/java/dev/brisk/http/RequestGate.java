package dev.brisk.http;

import dev.brisk.problem.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Checks every request needs before routing: a known HTTP method (others are answered 501, so
 * made-up methods never reach routes or metrics), a well-formed request target ({@link UriCheck})
 * and {@code X-Content-Type-Options: nosniff} on every response. Runs on the request's context.
 */
final class RequestGate {

  /** The methods Brisk knows; metrics label any other as {@code OTHER}. */
  static final Set<HttpMethod> KNOWN = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE,
      HttpMethod.CONNECT);

  private RequestGate() {
  }

  static void handle(RoutingContext ctx) {
    ctx.response().putHeader("X-Content-Type-Options", "nosniff");
    if (!KNOWN.contains(ctx.request().method())) {
      ctx.fail(Problem.of(501, "method-not-implemented", "Not Implemented",
          "This server does not implement the request method"));
      return;
    }
    Problem malformed = UriCheck.check(ctx.request());
    if (malformed != null) {
      ctx.fail(malformed);
      return;
    }
    ctx.next();
  }
}
