package dev.brisk.http;

import dev.brisk.internal.RequestScope;
import dev.brisk.internal.Steps;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** The steps {@link Routes} puts on its routes besides access and rate limits. Stateless. */
final class RouteSteps {

  private RouteSteps() {
  }

  /**
   * The server does not inflate bodies; a compressed one would reach the handler as garbage. Its
   * 415 says {@code Accept-Encoding: identity}, as RFC 9110 section 15.5.16 asks, so a client can
   * tell a refused coding from a refused media type. Every {@code Content-Encoding} line counts:
   * they are one list, and a proxy in front reads lines "identity" and "gzip" as gzip.
   */
  static void plainBody(RoutingContext ctx) {
    RequestScope read = RequestScope.current();
    if (read != null) {
      read.bodyReadEnded();
    }
    String encoding = Requests.headerList(ctx.request().headers(), "Content-Encoding");
    if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
      ctx.fail(Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
          "Content-Encoding '" + Requests.clip(encoding.trim(), 64) + "' is not accepted here; "
          + "send the body uncompressed").withHeader("Accept-Encoding", "identity"));
    } else {
      ctx.next();
    }
  }

  /** Fails a sub-request of a batch; true for any other request. */
  static boolean notInBatch(RoutingContext ctx) {
    RequestScope scope = RequestScope.current();
    if (scope != null && scope.parent() != null) {
      ctx.fail(Problem.badRequest(ctx.request().method() + " " + ctx.request().path()
          + " is not a buffered endpoint (it streams, or writes its own response), so it is not"
          + " available inside a batch"));
      return false;
    }
    return true;
  }

  /** Runs {@code endpoint} and writes its reply, or fails the context with its error. */
  static void run(Endpoint endpoint, RoutingContext ctx) {
    Future<Reply> reply;
    try {
      reply = endpoint.handle(ctx);
      if (reply == null) {
        throw new IllegalStateException("Endpoint for " + ctx.request().path()
            + " returned null instead of a Future");
      }
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(ar -> {
      if (ctx.response().ended() || ctx.failed()) {
        return;
      }
      try {
        if (ar.succeeded()) {
          ReplyWriter.write(ctx, ar.result());
        } else {
          ctx.fail(ar.cause());
        }
      } catch (RuntimeException e) {
        if (ctx.response().headWritten()) {
          throw e;
        }
        ctx.fail(e);
      }
    });
  }

  /**
   * Marks a deprecated version's response, problems included, before anything is written, then
   * runs {@code next}.
   */
  static void deprecated(RoutingContext ctx, ApiVersion old, Handler<RoutingContext> next) {
    String successor = "<" + old.successorPath(ctx.normalizedPath())
        + ">; rel=\"successor-version\"";
    // Added as the head is written: the reply's own Link (rel="next") must not replace it.
    ctx.addHeadersEndHandler(v -> {
      ctx.response().headers().set("Deprecation", old.deprecationHeader())
          .add("Link", successor);
      if (old.sunsetAt() != null) {
        ctx.response().headers().set("Sunset", old.sunsetHeader());
      }
    });
    Steps.proceed(ctx, next);
  }
}
