package dev.brisk.http;

import dev.brisk.problem.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** Writes a {@link Reply}, enforcing {@code Accept} for its media type. */
final class ReplyWriter {

  private ReplyWriter() {
  }

  static void write(RoutingContext ctx, Reply reply) {
    String type = reply.contentType();
    if (type != null && reply.status() < 300) {
      String accept = ctx.request().getHeader("Accept");
      if (!MediaTypes.accepts(accept, type)) {
        ctx.fail(Problem.notAcceptable(accept, List.of(type)));
        return;
      }
    }
    HttpServerResponse response = ctx.response().setStatusCode(reply.status());
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      response.putHeader(h.getKey(), h.getValue());
    }
    if (reply.body() == null) {
      response.end();
      return;
    }
    response.putHeader("Content-Type", type);
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", Integer.toString(reply.body().length())).end();
    } else {
      response.end(reply.body());
    }
  }
}
