package dev.brisk.http;

import com.google.protobuf.Descriptors.Descriptor;
import dev.brisk.auth.Caller;
import dev.brisk.cache.CachePolicy;
import dev.brisk.cache.ETags;
import dev.brisk.problem.Problem;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a {@link Reply}: enforces {@code Accept} for a read's media type (a write's was checked
 * before its handler ran, against its declaration) and, for successful GETs,
 * adds a strong {@code ETag}, {@code Cache-Control} (the route's {@link CachePolicy}, else
 * {@code no-cache}) and {@code Vary}, answering a matching {@code If-None-Match} with 304 and no
 * body, and an {@code If-Match} that names no current tag with 412. Successful writes say
 * {@code no-store}, and {@code Vary: Accept} when they could answer in more than one type.
 */
final class ReplyWriter {

  static final String DEFAULT_CACHE_CONTROL = "no-cache";
  /** Context key of the route's {@link CachePolicy}, when it declared one. */
  static final String CACHE_POLICY = "brisk.cache.policy";
  static final String VARY = "Accept, Accept-Encoding";
  // Pre-encoded names and values: Netty copies their bytes instead of encoding each string.
  private static final CharSequence ETAG = HttpHeaders.createOptimized("ETag");
  private static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized(DEFAULT_CACHE_CONTROL);
  private static final CharSequence VARY_NAME = HttpHeaders.VARY;
  private static final CharSequence VARY_VALUE = HttpHeaders.createOptimized(VARY);
  private static final CharSequence JSON = HttpHeaders.createOptimized(MediaTypes.JSON);
  private static final CharSequence PROTOBUF = HttpHeaders.createOptimized(MediaTypes.PROTOBUF);
  private static final List<String> JSON_ONLY = List.of(MediaTypes.JSON);
  /** Per message: JSON or that message ({@link MediaTypes#protobuf}), built once. */
  private static final Map<Descriptor, List<String>> JSON_OR_PROTOBUF =
      new ConcurrentHashMap<>();

  private ReplyWriter() {
  }

  static void write(RoutingContext ctx, Reply reply) {
    String type = reply.contentType();
    boolean read = ctx.request().method() == HttpMethod.GET
        || ctx.request().method() == HttpMethod.HEAD;
    boolean protobuf = false;
    boolean negotiated = false;
    if (type != null && reply.status() < 300) {
      String accept = Requests.headerList(ctx, "Accept");
      List<String> produced = produced(type, reply);
      negotiated = produced.size() > 1;
      String chosen = MediaTypes.negotiate(accept, produced);
      if (chosen == null && read) {
        ctx.fail(Problem.notAcceptable(accept, produced));
        return;
      }
      // A write's Accept was checked against its declaration before it ran (Routes): a 406
      // now would report a done write as not done, so a reply it does not fit goes as it is.
      protobuf = reply.protobuf() != null && chosen != null
          && chosen.startsWith(MediaTypes.PROTOBUF);
    }
    Buffer body = protobuf ? ProtobufJson.encode(reply.json(), reply.protobuf()) : reply.body();
    // Validated: a read's 200 with a body gets a strong tag, computed once for both checks.
    String etag = read && reply.status() == 200 && body != null ? etag(ctx, reply, body) : null;
    if (etag != null && failsIfMatch(ctx, etag)) {
      return;
    }
    HttpServerResponse response = ctx.response().setStatusCode(reply.status());
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      response.putHeader(h.getKey(), h.getValue());
    }
    if (!read && !reply.headers().containsKey("Cache-Control")) {
      response.putHeader("Cache-Control", "no-store");
    }
    if (!read && negotiated) {
      // JSON or protobuf by Accept: a write's answer varies on it as a read's does.
      Vary.add(response.headers(), "Accept");
    }
    if (body == null) {
      if (read && reply.status() == 304) {
        validatorHeaders(ctx, reply);
      }
      response.end();
      return;
    }
    if (etag != null && cacheable(ctx, reply, etag)) {
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, protobuf ? PROTOBUF
        : type.equals(MediaTypes.JSON) ? JSON : type);
    send(ctx.request(), protobuf ? MediaTypes.PROTOBUF : type, body);
  }

  /**
   * Ends the response to {@code request} with {@code body} of {@code type}, compressed whole
   * when the request accepts a coding ({@link Compression#choose}), or as it is when the response
   * already names its {@code Content-Encoding} (a reply that carries a body coded before, see
   * {@link Reply}). A HEAD gets the headers alone (over HTTP/2 Vert.x would send the body):
   * those of the GET, with its {@code Content-Length} when the body goes uncompressed and none
   * when compressed (its coded length is known only by coding it, and a HEAD may leave it out,
   * RFC 9110 section 8.6, but not give another one). A body of
   * {@link Compression#OFF_LOOP_BYTES} or more is compressed on a worker. The future completes
   * once the response is written.
   */
  static Future<Void> send(HttpServerRequest request, String type, Buffer body) {
    HttpServerResponse response = request.response();
    boolean coded = response.headers().contains(HttpHeaders.CONTENT_ENCODING);
    String coding = null;
    if (coded) {
      Vary.add(response.headers(), "Accept-Encoding");
    } else {
      coding = Compression.choose(request, response.headers(), type, body.length());
    }
    if (request.method() == HttpMethod.HEAD) {
      if (coding == null && !coded) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
      }
      return response.end();
    }
    Context context = Vertx.currentContext();
    if (coding == null || body.length() < Compression.OFF_LOOP_BYTES || context == null) {
      return end(request, coding == null ? body : Compression.compress(coding, body));
    }
    // Milliseconds of CPU for a large body (a /metrics scrape, a big page): on a worker, so
    // the event loop serves its other connections meanwhile.
    String chosen = coding;
    return context.executeBlocking(() -> Compression.compress(chosen, body), false)
        .compose(sent -> response.ended() || response.closed()
            ? Future.failedFuture("answered or closed while its body was compressed")
            : end(request, sent));
  }

  private static Future<Void> end(HttpServerRequest request, Buffer sent) {
    HttpServerResponse response = request.response();
    return response instanceof LocalResponse ? response.end(sent)
        : UnsentOutput.end(response, request.connection(), sent);
  }

  private static List<String> produced(String type, Reply reply) {
    Descriptor message = reply.protobuf();
    if (type.equals(MediaTypes.JSON)) {
      return message == null ? JSON_ONLY : jsonOrProtobuf(message);
    }
    return message == null ? List.of(type)
        : List.of(type, MediaTypes.protobuf(message.getFullName()));
  }

  /** JSON, or protobuf naming {@code message}: what a reply offered as protobuf produces. */
  static List<String> jsonOrProtobuf(Descriptor message) {
    return JSON_OR_PROTOBUF.computeIfAbsent(message,
        m -> List.of(MediaTypes.JSON, MediaTypes.protobuf(m.getFullName())));
  }

  /**
   * Ends a raw route's response with {@code body} under the strong {@code etag}, or with 304 and
   * no body when the request's {@code If-None-Match} matches it (headers set before stay); fails
   * it with 412 when its {@code If-Match} does not, as a reply's ({@link #failsIfMatch}).
   */
  static void endValidated(RoutingContext ctx, String etag, Buffer body) {
    String ifMatch = Requests.headerList(ctx, "If-Match");
    if (ifMatch != null && !ETags.matchesStrongly(ifMatch, etag)) {
      ctx.fail(ifMatchFailed());
      return;
    }
    HttpServerResponse response = ctx.response().putHeader(ETAG, etag);
    if (ETags.matches(Requests.headerList(ctx, "If-None-Match"), etag)) {
      response.setStatusCode(304).end();
    } else {
      send(ctx.request(), response.headers().get(HttpHeaders.CONTENT_TYPE), body);
    }
  }

  /**
   * Adds validators; returns true when it answered 304 itself. The tag names the representation
   * before content coding, so {@code If-Match} holds whatever coding a client negotiated.
   */
  private static boolean cacheable(RoutingContext ctx, Reply reply, String etag) {
    HttpServerResponse response = ctx.response();
    response.putHeader(ETAG, etag);
    validatorHeaders(ctx, reply);
    if (ETags.matches(Requests.headerList(ctx, "If-None-Match"), etag)) {
      response.setStatusCode(304).end();
      return true;
    }
    return false;
  }

  /** The tag the caller sees for this reply: its own or that of its body, in the caller's scope. */
  private static String etag(RoutingContext ctx, Reply reply, Buffer body) {
    String etag = reply.headers().get("ETag");
    return ETags.forCaller(etag == null ? ETags.of(body) : etag, Caller.answerScope(ctx));
  }

  /**
   * Fails the read with 412 when its {@code If-Match} names none of the representation's
   * current tags: RFC 9110 section 13.1.1 forbids performing the method then (for a GET too),
   * and section 13.2.2 evaluates it before {@code If-None-Match}. Strong comparison, so a weak
   * {@code W/} tag never matches.
   */
  private static boolean failsIfMatch(RoutingContext ctx, String etag) {
    String ifMatch = Requests.headerList(ctx, "If-Match");
    if (ifMatch == null || ETags.matchesStrongly(ifMatch, etag)) {
      return false;
    }
    ctx.fail(ifMatchFailed());
    return true;
  }

  private static Problem ifMatchFailed() {
    return Problem.preconditionFailed("If-Match names no current ETag of this "
        + "representation (a weak W/ tag never matches); fetch it again without If-Match");
  }

  /** {@code Cache-Control} (the route's policy) and {@code Vary}, unless the reply set them. */
  private static void validatorHeaders(RoutingContext ctx, Reply reply) {
    if (!reply.headers().containsKey("Cache-Control")) {
      CachePolicy policy = ctx.get(CACHE_POLICY);
      ctx.response().putHeader(CACHE_CONTROL, policy == null ? NO_CACHE : policy.header());
    }
    if (!reply.headers().containsKey("Vary")) {
      ctx.response().putHeader(VARY_NAME, VARY_VALUE);
    }
  }
}
