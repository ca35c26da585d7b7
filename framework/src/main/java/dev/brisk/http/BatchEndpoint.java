package dev.brisk.http;

import dev.brisk.http.DispatchedResponse;
import dev.brisk.http.LocalDispatch;
import dev.brisk.http.MediaTypes;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.auth.Access;
import dev.brisk.auth.Caller;
import dev.brisk.internal.RequestScope;
import dev.brisk.batch.DataLoaderScope;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/batch}: runs up to {@code maxRequests} sub-requests through the same router
 * and middleware in process (no socket). Independent sub-requests run concurrently;
 * {@code depends_on} orders them (a failed dependency answers 424 in place); one failure never
 * fails the others. All sub-requests share one {@link DataLoaderScope}, so their lookups batch
 * and deduplicate together. {@code Accept: application/x-ndjson} streams each sub-response as it
 * completes.
 *
 * <p>{@code BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults()).register(routes, "/api/batch");}
 *
 * <p>Runs on the batch request's event-loop context.
 */
public final class BatchEndpoint implements Handler<RoutingContext> {

  private static final String NDJSON = "application/x-ndjson";

  private final Router router;
  private final BatchEndpointOptions options;
  private final DistributionSummary sizes;
  private final Counter nestedRejected;

  private BatchEndpoint(Router router, BatchEndpointOptions options) {
    this.router = router;
    this.options = options;
    this.sizes = DistributionSummary.builder("brisk.batch.endpoint.requests")
        .description("Sub-requests per batch call").register(options.registry());
    this.nestedRejected = Counter.builder("brisk.batch.endpoint.nested")
        .description("Nested batch calls rejected").register(options.registry());
  }

  /** A batch endpoint dispatching into {@code router}. */
  public static BatchEndpoint create(Router router, BatchEndpointOptions options) {
    return new BatchEndpoint(router, options);
  }

  /**
   * Registers {@code POST path}, open to every caller: each sub-request runs as the outer
   * request's caller and is checked against its own route's access.
   */
  public void register(Routes routes, String path) {
    routes.rawBuffered(HttpMethod.POST, path, Access.open(), this);
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<SubRequest> requests;
    String format;
    try {
      RequestScope scope = RequestScope.current();
      if (scope != null && scope.parent() != null) {
        nestedRejected.increment();
        throw Problem.badRequest("A batch cannot contain another batch request");
      }
      format = MediaTypes.negotiate(ctx.request().getHeader("Accept"),
          List.of(MediaTypes.JSON, NDJSON));
      if (format == null) {
        throw Problem.notAcceptable(ctx.request().getHeader("Accept"),
            List.of(MediaTypes.JSON, NDJSON));
      }
      requests = BatchParser.parse(Requests.jsonBody(ctx), ctx.request().headers(),
          options.maxRequests());
    } catch (Problem p) {
      ctx.fail(p);
      return;
    }
    sizes.record(requests.size());
    AccessGuard.markCallerDependent(ctx, Caller.of(ctx));
    DataLoaderScope.current();
    Map<String, Future<JsonObject>> byId = new HashMap<>();
    // Started in dependency order, kept in request order.
    List<Future<JsonObject>> results = new ArrayList<>(Collections.nCopies(
        requests.size(), (Future<JsonObject>) null));
    for (SubRequest r : order(requests)) {
      Future<JsonObject> result = run(ctx, r, byId);
      if (r.id() != null) {
        byId.put(r.id(), result);
      }
      results.set(r.index(), result);
    }
    if (format.equals(NDJSON)) {
      stream(ctx, results);
    } else {
      respond(ctx, results);
    }
  }

  private Future<JsonObject> run(RoutingContext ctx, SubRequest r,
      Map<String, Future<JsonObject>> byId) {
    if (!r.isValid()) {
      return Future.succeededFuture(problem(r, r.invalid()));
    }
    List<Future<JsonObject>> deps = new ArrayList<>();
    for (String dep : r.dependsOn()) {
      deps.add(byId.get(dep));
    }
    return Future.join(deps).transform(x -> {
      for (int i = 0; i < deps.size(); i++) {
        int status = deps.get(i).result().getInteger("status");
        if (status >= 400) {
          return Future.succeededFuture(problem(r, Problem.of(424, "failed-dependency",
              "Failed Dependency", "Sub-request '" + r.dependsOn().get(i) + "' answered "
                  + status)));
        }
      }
      return LocalDispatch.dispatch(ctx, router, r.method(), r.uri(), r.headers(), r.body())
          .map(response -> success(r, response))
          .otherwise(e -> problem(r, Problem.internal("-")));
    });
  }

  /** Dependencies first; otherwise request order, so results can be collected in order. */
  private static List<SubRequest> order(List<SubRequest> requests) {
    Map<String, SubRequest> byId = new HashMap<>();
    requests.stream().filter(r -> r.id() != null).forEach(r -> byId.put(r.id(), r));
    List<SubRequest> ordered = new ArrayList<>();
    Set<SubRequest> seen = new HashSet<>();
    for (SubRequest r : requests) {
      add(r, byId, seen, ordered);
    }
    return ordered;
  }

  private static void add(SubRequest r, Map<String, SubRequest> byId,
      Set<SubRequest> seen, List<SubRequest> ordered) {
    if (!seen.add(r)) {
      return;
    }
    for (String dep : r.dependsOn()) {
      add(byId.get(dep), byId, seen, ordered);
    }
    ordered.add(r);
  }

  private static JsonObject success(SubRequest r, DispatchedResponse response) {
    JsonObject headers = new JsonObject();
    response.headers().names().forEach(n -> headers.put(n,
        String.join(", ", response.headers().getAll(n))));
    return new JsonObject().put("id", r.id()).put("status", response.status())
        .put("headers", headers).put("body", body(response));
  }

  private static Object body(DispatchedResponse response) {
    Buffer body = response.body();
    if (body.length() == 0) {
      return null;
    }
    String type = response.headers().get("Content-Type");
    if (type != null && type.contains("json")) {
      try {
        return body.toJsonValue();
      } catch (RuntimeException e) {
        return body.toString();
      }
    }
    return body.toString();
  }

  private static JsonObject problem(SubRequest r, Problem p) {
    return ProblemResponse.batchEntry(r.id(), p);
  }

  private static void respond(RoutingContext ctx, List<Future<JsonObject>> inRequestOrder) {
    Future.join(inRequestOrder).onComplete(x -> {
      JsonArray responses = new JsonArray();
      inRequestOrder.forEach(result -> responses.add(result.result()));
      if (!ctx.response().ended()) {
        ctx.response().putHeader("Content-Type", MediaTypes.JSON)
            .end(new JsonObject().put("responses", responses).toBuffer());
      }
    });
  }

  private static void stream(RoutingContext ctx, List<Future<JsonObject>> results) {
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("Content-Type", NDJSON);
    for (Future<JsonObject> result : results) {
      result.onSuccess(json -> {
        if (!response.ended() && !response.closed()) {
          response.write(json.toBuffer().appendString("\n"));
        }
      });
    }
    Future.join(results).onComplete(x -> {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    });
  }
}
