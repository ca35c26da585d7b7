package dev.brisk.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds the user who owns the resource a request addresses, for {@link Access#ownerOr}.
 *
 * <p>{@code ctx -> db.query("SELECT user_id FROM orders WHERE id = $1", ...).map(...)}
 *
 * <p>Runs on the request's context; must not block.
 */
@FunctionalInterface
public interface OwnerCheck {

  /** The owner when the resource is the path parameter {@code name} itself (a user id). */
  static OwnerCheck pathParam(String name) {
    return ctx -> Future.succeededFuture(ctx.pathParam(name));
  }

  /**
   * The owning user's id as {@link Caller#userId()} spells it, or null when the resource does
   * not exist: callers outside the tier then get the same 404 as for another user's resource (no
   * existence oracle), the tier the route's own. Fail with a problem (e.g. 400 for a malformed
   * id) to answer it instead.
   */
  Future<String> owner(RoutingContext ctx);
}
