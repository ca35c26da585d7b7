package dev.brisk.http;

import dev.brisk.auth.Authenticator;
import dev.brisk.auth.Caller;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/**
 * Resolves the request's {@link Caller} before any route runs (401 for an unknown key or an
 * invalid token). A batch sub-request inherits its outer request's caller through the shared
 * request scope, so its own {@code X-API-Key} or {@code Authorization} cannot change identity.
 * {@code GET /health/live} is anonymous whatever its credentials, so liveness never waits on a
 * store; on the other probes (paths never rate limited) a credential check refused by the
 * address's check budget answers as the anonymous caller instead of 429. Runs on the request's
 * context.
 */
final class CallerResolution implements Handler<RoutingContext> {

  /** The liveness probe's path, answered without looking its caller up. */
  static final String LIVENESS = "/health/live";
  private static final int TOO_MANY_REQUESTS = 429;

  private final Authenticator authenticator;
  private final Predicate<String> probes;
  private final Handler<RoutingContext> next;

  /**
   * {@code next} continues the request once its caller is known; {@code probes} tells the
   * normalized paths that are never rate limited.
   */
  CallerResolution(Authenticator authenticator, Predicate<String> probes,
      Handler<RoutingContext> next) {
    this.authenticator = authenticator;
    this.probes = probes;
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
    if (probes.test(ctx.normalizedPath())) {
      // A probe is never rate limited: with the address's check budget spent (a flood of
      // random keys from it), it is answered for the anonymous caller (status, no details).
      resolved = resolved.recover(e -> e instanceof Problem p && p.status() == TOO_MANY_REQUESTS
          ? Future.succeededFuture(authenticator.anonymous(ctx.request()))
          : Future.failedFuture(e));
    }
    // A key looked up in the database takes a while: the body waits for the route's handlers.
    HeldBody.await(ctx, resolved, ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Caller caller = ar.result();
      Caller.attach(ctx, caller);
      if (scope != null) {
        scope.caller(caller.scope(), caller.tier().name(), caller);
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
