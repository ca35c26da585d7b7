package dev.brisk.http;

import dev.brisk.auth.Authenticator;
import dev.brisk.auth.Caller;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.RequestScope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Resolves the request's {@link Caller} before any route runs (401 for an unknown key or an
 * invalid token). A batch sub-request inherits its outer request's caller through the shared
 * request scope, so its own {@code X-API-Key} or {@code Authorization} cannot change identity.
 * {@code GET /health/live} is anonymous whatever its credentials, so liveness never waits on a
 * store. Runs on the request's context.
 */
final class CallerResolution implements Handler<RoutingContext> {

  /** The liveness probe's path, answered without looking its caller up. */
  static final String LIVENESS = "/health/live";

  private final Authenticator authenticator;
  private final Handler<RoutingContext> next;

  /** {@code next} continues the request once its caller is known. */
  CallerResolution(Authenticator authenticator, Handler<RoutingContext> next) {
    this.authenticator = authenticator;
    this.next = next;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestScope scope = RequestScope.current();
    if (scope != null && scope.parent() != null && scope.identity() instanceof Caller outer) {
      Caller.attach(ctx, outer);
      next.handle(ctx);
      return;
    }
    // Liveness reports on the process alone: its caller is not looked up (an uncached key
    // would wait on PostgreSQL, and a failing store would fail the probe and restart the pod).
    Future<Caller> resolved = isLiveness(ctx)
        ? Future.succeededFuture(authenticator.anonymous(ctx.request()))
        : authenticator.authenticate(ctx.request());
    // A key looked up in the database takes a while: the body waits for the route's handlers.
    HeldBody.await(ctx, resolved, ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Caller caller = ar.result();
      Caller.attach(ctx, caller);
      if (scope != null) {
        scope.caller(caller.scope(), caller);
      }
      next.handle(ctx);
    });
  }

  private static boolean isLiveness(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    return (method == HttpMethod.GET || method == HttpMethod.HEAD)
        && LIVENESS.equals(ctx.normalizedPath());
  }
}
