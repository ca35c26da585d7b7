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
   * not exist (the route then answers its own 404).
   */
  Future<String> owner(RoutingContext ctx);
}
