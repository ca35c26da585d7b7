package dev.brisk.http;

import dev.brisk.problem.Problem;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers requests the HTTP codec rejected before routing (request line over the limit: 414,
 * headers over the limit: 431, anything else unparsable such as a control character in a header:
 * 400) with a problem+json body, then closes the connection, whose byte stream can no longer be
 * trusted; and HTTP/2 requests without {@code :authority} (400 on the stream). Runs on the
 * connection's event loop; stateless.
 */
final class CodecRejections {

  private CodecRejections() {
  }

  static void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    response.putHeader("Connection", "close");
    response.endHandler(v -> request.connection().close());
    write(problem(request.decoderResult()), response);
  }

  /** An HTTP/2 stream without {@code :authority}: 400 on that stream, the connection stays. */
  static void missingAuthority(HttpServerRequest request) {
    write(Problem.badRequest("HTTP/2 requests need the ':authority' pseudo-header (the host "
        + "the request is for)"), request.response());
  }

  /** A problem answered before routing, so without the headers {@link RequestGate} adds. */
  private static void write(Problem problem, HttpServerResponse response) {
    response.putHeader("X-Content-Type-Options", "nosniff");
    ProblemResponse.write(problem, response);
  }

  static Problem problem(DecoderResult result) {
    Throwable cause = result == null ? null : result.cause();
    if (cause instanceof TooLongHttpLineException) {
      return Problem.of(414, "uri-too-long", "URI Too Long",
          "The request line exceeds the server's limit");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return Problem.of(431, "header-fields-too-large", "Request Header Fields Too Large",
          "The request headers exceed the server's limit");
    }
    return Problem.badRequest("The HTTP request could not be parsed (malformed request line or "
        + "header)");
  }
}
