package dev.brisk.docs;

import dev.brisk.auth.Access;
import dev.brisk.auth.OwnerCheck;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** docs/security.md: access declarations, one per route. */
final class SecurityExample {

  void register(Routes routes) {
    // region access
    routes.get("/api/products", Access.open(), this::list);
    routes.post("/api/orders", Access.authenticated(), this::place);
    routes.patch("/api/products/:id", Access.tier("internal"), this::patch);
    routes.get("/api/users/:id", Access.ownerOr("internal", OwnerCheck.pathParam("id")), this::one);
    // endregion access
  }

  private Future<Reply> list(RoutingContext ctx) {
    return Future.succeededFuture(Reply.ok(new JsonObject()));
  }

  private Future<Reply> place(RoutingContext ctx) {
    return list(ctx);
  }

  private Future<Reply> patch(RoutingContext ctx) {
    return list(ctx);
  }

  private Future<Reply> one(RoutingContext ctx) {
    return list(ctx);
  }
}
