package dev.brisk.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * A request handler that returns its reply as a future; failures (a {@code Problem} or anything
 * else) become problem+json responses.
 *
 * <p>{@code routes.get("/api/users/:id", ctx -> users.byId(Requests.pathId(ctx, "id")).map(Reply::ok))}
 *
 * <p>Runs on the request's event-loop context and must not block.
 */
@FunctionalInterface
public interface Endpoint {

  Future<Reply> handle(RoutingContext ctx);
}
