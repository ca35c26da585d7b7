package dev.brisk.http;

import dev.brisk.cache.ETags;
import dev.brisk.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Reply}: enforces {@code Accept} for its media type and, for successful GETs,
 * adds a strong {@code ETag}, {@code Cache-Control} and {@code Vary}, answering a matching
 * {@code If-None-Match} with 304 and no body.
 */
final class ReplyWriter {

  static final String DEFAULT_CACHE_CONTROL = "no-cache";
  static final String VARY = "Accept, Accept-Encoding";

  private ReplyWriter() {
  }

  static void write(RoutingContext ctx, Reply reply) {
    String type = reply.contentType();
    Buffer body = reply.body();
    if (type != null && reply.status() < 300) {
      String accept = ctx.request().getHeader("Accept");
      List<String> produced = reply.protobuf() == null ? List.of(type)
          : List.of(type, MediaTypes.PROTOBUF);
      String chosen = MediaTypes.negotiate(accept, produced);
      if (chosen == null) {
        ctx.fail(Problem.notAcceptable(accept, produced));
        return;
      }
      if (chosen.equals(MediaTypes.PROTOBUF)) {
        type = chosen;
        body = ProtobufJson.encode(reply.json(), reply.protobuf());
      }
    }
    HttpServerResponse response = ctx.response().setStatusCode(reply.status());
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      response.putHeader(h.getKey(), h.getValue());
    }
    if (body == null) {
      response.end();
      return;
    }
    boolean read = ctx.request().method() == HttpMethod.GET
        || ctx.request().method() == HttpMethod.HEAD;
    if (read && reply.status() == 200 && cacheable(ctx, reply, body)) {
      return;
    }
    response.putHeader("Content-Type", type);
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", Integer.toString(body.length())).end();
    } else {
      response.end(body);
    }
  }

  /** Adds validators; returns true when it answered 304 itself. */
  private static boolean cacheable(RoutingContext ctx, Reply reply, Buffer body) {
    HttpServerResponse response = ctx.response();
    String etag = reply.headers().get("ETag");
    if (etag == null) {
      etag = ETags.of(body);
    }
    String callerScope = ctx.get(AccessGuard.CALLER_SCOPE);
    if (callerScope != null) {
      // The same body seen by two callers gets two tags: a tag reveals nothing across callers.
      etag = ETags.of(Buffer.buffer(callerScope).appendString("\n").appendString(etag));
    }
    response.putHeader("ETag", etag);
    if (!reply.headers().containsKey("Cache-Control")) {
      response.putHeader("Cache-Control", DEFAULT_CACHE_CONTROL);
    }
    if (!reply.headers().containsKey("Vary")) {
      response.putHeader("Vary", VARY);
    }
    if (ETags.matches(ctx.request().getHeader("If-None-Match"), etag)) {
      response.setStatusCode(304).end();
      return true;
    }
    return false;
  }
}
