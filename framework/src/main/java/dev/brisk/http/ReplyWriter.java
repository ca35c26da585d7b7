package dev.brisk.http;

import dev.brisk.cache.CachePolicy;
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
 * adds a strong {@code ETag}, {@code Cache-Control} (the route's {@link CachePolicy}, else
 * {@code no-cache}) and {@code Vary}, answering a matching {@code If-None-Match} with 304 and no
 * body. Successful writes say {@code no-store}.
 */
final class ReplyWriter {

  static final String DEFAULT_CACHE_CONTROL = "no-cache";
  /** Context key of the route's {@link CachePolicy}, when it declared one. */
  static final String CACHE_POLICY = "brisk.cache.policy";
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
      if (chosen.equals(MediaTypes.PROTOBUF) && reply.protobuf() != null) {
        type = chosen;
        body = ProtobufJson.encode(reply.json(), reply.protobuf());
      }
    }
    HttpServerResponse response = ctx.response().setStatusCode(reply.status());
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      response.putHeader(h.getKey(), h.getValue());
    }
    boolean read = ctx.request().method() == HttpMethod.GET
        || ctx.request().method() == HttpMethod.HEAD;
    if (!read && !reply.headers().containsKey("Cache-Control")) {
      response.putHeader("Cache-Control", "no-store");
    }
    if (body == null) {
      if (read && reply.status() == 304) {
        validatorHeaders(ctx, reply);
      }
      response.end();
      return;
    }
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
    etag = scoped(etag, ctx.get(AccessGuard.CALLER_SCOPE));
    response.putHeader("ETag", etag);
    validatorHeaders(ctx, reply);
    if (ETags.matches(ctx.request().getHeader("If-None-Match"), etag)) {
      response.setStatusCode(304).end();
      return true;
    }
    return false;
  }

  /** {@code Cache-Control} (the route's policy) and {@code Vary}, unless the reply set them. */
  private static void validatorHeaders(RoutingContext ctx, Reply reply) {
    if (!reply.headers().containsKey("Cache-Control")) {
      CachePolicy policy = ctx.get(CACHE_POLICY);
      ctx.response().putHeader("Cache-Control",
          policy == null ? DEFAULT_CACHE_CONTROL : policy.header());
    }
    if (!reply.headers().containsKey("Vary")) {
      ctx.response().putHeader("Vary", VARY);
    }
  }

  /**
   * The ETag a caller sees: on routes that are not open ({@code scope} not null) the same body
   * seen by two callers gets two tags, so a tag reveals nothing across callers.
   */
  static String scoped(String etag, String scope) {
    return scope == null ? etag
        : ETags.of(Buffer.buffer(scope).appendString("\n").appendString(etag));
  }
}
