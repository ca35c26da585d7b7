package dev.brisk.internal;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Hands a request from one of Brisk's steps to the next directly, not through the router (each
 * router hop costs a route match and a dispatch), keeping the router's rule for what the next
 * step throws: it fails the request. Internal.
 */
public final class Steps {

  private Steps() {
  }

  /** Runs {@code next}; what it throws fails the request, as the router would. */
  public static void proceed(RoutingContext ctx, Handler<RoutingContext> next) {
    try {
      next.handle(ctx);
    } catch (RuntimeException e) {
      if (ctx.failed() || ctx.response().headWritten()) {
        throw e;
      }
      ctx.fail(e);
    }
  }
}
