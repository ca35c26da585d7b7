package dev.brisk.http;

import dev.brisk.internal.RequestScope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Dispatches a request through a {@link Router} in process, without a socket: the same routes,
 * middleware, validation and problem responses as a network request, answered in memory.
 *
 * <p>{@code LocalDispatch.dispatch(ctx, routes.router(), GET, "/api/products/1", headers, null)}
 *
 * <p>Each dispatch runs on a fresh duplicate of the outer request's context; its request scope is
 * a child of the outer request's, so request-scoped state such as DataLoader caches is shared with
 * the outer request and with sibling dispatches, and the outer request's deadline and
 * cancellation reach it. Callable from any context of the outer request's event loop.
 */
public final class LocalDispatch {

  private LocalDispatch() {
  }

  /** Runs the request and completes with what the route answered, whatever its size. */
  public static Future<DispatchedResponse> dispatch(RoutingContext outer, Router router,
      HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return dispatch(outer, router, method, uri, headers, body, Long.MAX_VALUE);
  }

  /**
   * Runs the request and completes with what the route answered; fails with a 413 problem as
   * soon as the response body would exceed {@code maxResponseBytes} (what was written is dropped).
   */
  public static Future<DispatchedResponse> dispatch(RoutingContext outer, Router router,
      HttpMethod method, String uri, MultiMap headers, Buffer body, long maxResponseBytes) {
    // The outer request's own context, wherever this runs (a batch starts a dependent in its
    // dependency's completion): the sub-request is the outer request's child, not a sibling's.
    Context caller = LocalRequest.contextOf(outer.request());
    LocalRequest request = LocalRequest.create(outer.request(), caller, method, uri, headers,
        body, maxResponseBytes);
    Context child = request.context();
    RequestScope scope = RequestScope.of(caller);
    if (scope != null) {
      scope.handTo(child);
    }
    child.runOnContext(v -> router.handle(request));
    return request.localResponse().result();
  }
}
