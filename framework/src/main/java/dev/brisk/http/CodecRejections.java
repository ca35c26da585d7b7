package dev.brisk.http;

import dev.brisk.internal.UnsupportedHttpVersion;
import dev.brisk.problem.Problem;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Map;

/**
 * Answers requests the HTTP codec rejected before routing (request line over the limit: 414,
 * headers over the limit: 431, a version other than HTTP/1.x: 505, anything else unparsable such
 * as a control character in a header: 400) with a problem+json body, then closes the connection, whose byte stream can no longer be
 * trusted; HTTP/1 requests without one valid {@code Host} (400), request targets that are not
 * a path (400, {@code OPTIONS *} 204); and HTTP/2 requests without
 * {@code :authority} (400 on the stream) or over HTTP/1's limits (414 and 431 on the stream).
 * Runs on the connection's event loop; stateless.
 */
final class CodecRejections {

  /**
   * The longest path and query an HTTP/2 request may have: what fits HTTP/1's request line
   * ({@code <method> <uri> HTTP/1.1} within
   * {@link HttpServerOptions#DEFAULT_MAX_INITIAL_LINE_LENGTH}) with the longest method an API
   * route answers, {@code DELETE}.
   */
  private static final int MAX_URI_LENGTH = HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH
      - "DELETE  HTTP/1.1".length();

  /** The {@code Server-Timing} of a rejected request: no statement ran, no handler either. */
  private static final String NOTHING_RAN = "db;dur=0.00;desc=\"0 queries\", total;dur=0.00";

  /** How much of a request target that is not a path a problem's detail repeats. */
  private static final int MAX_ECHOED_TARGET = 64;

  private CodecRejections() {
  }

  private static Problem uriTooLong() {
    return Problem.of(414, "uri-too-long", "URI Too Long",
        "The request line exceeds the server's limit");
  }

  private static Problem headersTooLarge() {
    return Problem.of(431, "header-fields-too-large", "Request Header Fields Too Large",
        "The request headers exceed the server's limit");
  }

  static void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    response.putHeader("Connection", "close");
    response.endHandler(v -> request.connection().close());
    write(problem(request.decoderResult()), request);
  }

  /**
   * Answers an HTTP/2 request over HTTP/1's limits (the path and query longer than the request
   * line may be: 414; header fields larger than the header section may be: 431) on its stream,
   * the connection staying, and returns true; false for a request within them. HTTP/2 has no
   * request line and counts header fields as RFC 9113 does (name, value and 32 octets each), so
   * the same request meets the same limits on both protocols.
   */
  static boolean overLimits(HttpServerRequest request) {
    String uri = request.uri();
    // Null for an HTTP/2 CONNECT, which has no :path (RFC 9113 section 8.5): notAPath answers it.
    if (uri != null && uri.length() > MAX_URI_LENGTH) {
      write(uriTooLong(), request);
      return true;
    }
    long size = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      size += header.getKey().length() + header.getValue().length() + 32;
    }
    if (size > HttpServerOptions.DEFAULT_MAX_HEADER_SIZE) {
      write(headersTooLarge(), request);
      return true;
    }
    return false;
  }

  /**
   * Answers an HTTP/1 request whose {@code Host} is missing (HTTP/1.1), malformed or given more
   * than once with 400 and returns true (RFC 9112 section 3.2; vertx-web would fail it as a
   * 500); false for a request with one valid {@code Host}, or none over HTTP/1.0.
   */
  static boolean badHost(HttpServerRequest request) {
    List<String> hosts = request.headers().getAll(HttpHeaders.HOST);
    if (hosts.size() == 1 ? request.authority() != null
        : hosts.isEmpty() && request.version() == HttpVersion.HTTP_1_0) {
      return false;
    }
    write(Problem.badRequest(hosts.size() > 1 ? "The request has " + hosts.size() + " Host "
        + "headers; send one" : "HTTP/1.1 requests need a valid Host header (the host the "
        + "request is for, such as 'api.example.com:8080')"), request);
    return true;
  }

  /**
   * Answers a request whose target is not a path and returns true (vertx-web would answer 404
   * without the headers every response carries): {@code OPTIONS *}, a question about the server
   * as a whole (RFC 9110 section 9.3.7), with 204 and {@code Allow: methods}; any other with 400
   * (RFC 9112 section 3.2: origin-form starts with {@code /}; an absolute URI arrives here as its
   * path), an HTTP/2 {@code CONNECT} too, whose target is its {@code :authority} alone, as
   * HTTP/1's {@code CONNECT host:port} is. False for a path.
   */
  static boolean notAPath(HttpServerRequest request, String methods) {
    String path = request.path();
    if (path != null && !path.isEmpty() && path.charAt(0) == '/') {
      return false;
    }
    HttpServerResponse response = request.response();
    String target = request.uri() != null ? request.uri() : String.valueOf(request.authority());
    if (request.method() == HttpMethod.OPTIONS && "*".equals(target)) {
      everyResponsesHeaders(response).putHeader("Allow", methods).setStatusCode(204)
          .end();
    } else {
      write(Problem.badRequest("The request target '" + Requests.clip(target,
          MAX_ECHOED_TARGET) + "' is not a path; send one that starts with '/'"), request);
    }
    return true;
  }

  /** An HTTP/2 stream without {@code :authority}: 400 on that stream, the connection stays. */
  static void missingAuthority(HttpServerRequest request) {
    write(Problem.badRequest("HTTP/2 requests need the ':authority' pseudo-header (the host "
        + "the request is for)"), request);
  }

  /**
   * A problem answered before routing, so before {@link RequestPipeline} and {@link RequestGate}
   * add their headers: the ones every response carries are set here.
   */
  private static void write(Problem problem, HttpServerRequest request) {
    everyResponsesHeaders(request.response());
    ProblemResponse.write(problem, request);
  }

  private static HttpServerResponse everyResponsesHeaders(HttpServerResponse response) {
    return response.putHeader(RequestPipeline.REQUEST_ID, RequestPipeline.newRequestId())
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Server-Timing", NOTHING_RAN).putHeader(HttpDate.NAME, HttpDate.now());
  }

  static Problem problem(DecoderResult result) {
    Throwable cause = result == null ? null : result.cause();
    if (cause instanceof TooLongHttpLineException) {
      return uriTooLong();
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return headersTooLarge();
    }
    if (cause instanceof UnsupportedHttpVersion unsupported) {
      return Problem.of(505, "http-version-not-supported", "HTTP Version Not Supported",
          "The request line names " + unsupported.version() + "; this server speaks HTTP/1.0, "
          + "HTTP/1.1 and HTTP/2");
    }
    return Problem.badRequest("The HTTP request could not be parsed (malformed request line or "
        + "header)");
  }
}
