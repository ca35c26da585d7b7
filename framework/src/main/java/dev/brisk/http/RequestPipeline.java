package dev.brisk.http;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The first handler of every request: request id, {@link RequestScope}, deadline and
 * {@code Server-Timing}. Runs on the request's event loop.
 */
final class RequestPipeline {

  static final String REQUEST_ID = "X-Request-Id";
  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final Duration deadline;

  RequestPipeline(Duration deadline) {
    this.deadline = deadline;
  }

  void begin(RoutingContext ctx) {
    String id = ctx.request().getHeader(REQUEST_ID);
    if (id == null || !VALID_ID.matcher(id).matches()) {
      id = newRequestId();
    }
    ContextInternal context = (ContextInternal) ctx.vertx().getOrCreateContext();
    RequestScope parent = (RequestScope) context.localContextData().get(RequestScope.PARENT);
    RequestScope scope = new RequestScope(id, deadline.toNanos(), System::nanoTime, parent);
    scope.bind(context);
    ctx.put(RequestScope.class.getName(), scope);
    HttpServerResponse response = ctx.response();
    response.putHeader(REQUEST_ID, id);
    ctx.addHeadersEndHandler(v -> response.putHeader("Server-Timing", serverTiming(scope)));
    long timer = ctx.vertx().setTimer(Math.max(1, deadline.toMillis()), t -> expire(ctx, scope));
    ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  private void expire(RoutingContext ctx, RequestScope scope) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    scope.expire();
    ctx.fail(Problem.gatewayTimeout("The request did not complete within its "
        + deadline.toMillis() + " ms deadline"));
  }

  static String serverTiming(RequestScope scope) {
    return String.format(Locale.ROOT, "db;dur=%.2f;desc=\"%d queries\", total;dur=%.2f",
        scope.dbNanos() / 1e6, scope.dbQueries(), scope.elapsedNanos() / 1e6);
  }

  private static String newRequestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | 1L << 62);
  }

  /** The scope installed by {@link #begin}, or {@code null} if the pipeline has not run. */
  static RequestScope scope(RoutingContext ctx) {
    return ctx.get(RequestScope.class.getName());
  }
}
