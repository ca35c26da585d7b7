package dev.brisk.http;

import dev.brisk.auth.Authenticator;
import dev.brisk.auth.Caller;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.RequestScope;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Resolves the request's {@link Caller} before any route runs (401 for an unknown key or an
 * invalid token). A batch sub-request inherits its outer request's caller through the shared
 * request scope, so its own {@code X-API-Key} or {@code Authorization} cannot change identity.
 * Runs on the request's context.
 */
final class CallerResolution implements Handler<RoutingContext> {

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
    // A key looked up in the database takes a while: the body waits for the route's handlers.
    HeldBody.await(ctx, authenticator.authenticate(ctx.request()), ar -> {
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
}
