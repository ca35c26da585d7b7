package dev.brisk.http;

import dev.brisk.internal.RequestScope;
import dev.brisk.internal.ThrottledLog;
import dev.brisk.problem.Problem;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code application/problem+json}. Expected problems are sent as they
 * are; anything else is logged once with the request id and answered 500 without internals.
 */
final class ProblemResponder {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);
  private static final ThrottledLog REPEATS = new ThrottledLog(LOG, Duration.ofSeconds(10),
      System::nanoTime);

  /** Netty's HTTP/1 decoder, and how deep in a failure's stack it may have thrown it. */
  private static final String HTTP_DECODER = HttpObjectDecoder.class.getName();
  private static final int DECODER_FRAMES = 8;

  /** How much of a header a problem's detail repeats. */
  private static final int MAX_ECHOED = 64;

  private final Routes routes;

  ProblemResponder(Routes routes) {
    this.routes = routes;
  }

  void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (ctx.statusCode() == 405 && ctx.failure() == null
        && ctx.request().method() == HttpMethod.OPTIONS && !response.ended()) {
      // A known path asked for its methods: answer them rather than a problem.
      String path = ctx.normalizedPath();
      response.setStatusCode(204).putHeader("Allow",
          String.join(", ", routes.allowedMethods(path)));
      routes.acceptedBodies(path).forEach(response::putHeader);
      response.end();
      return;
    }
    Problem problem = toProblem(ctx);
    if (response.ended()) {
      return;
    }
    if (response.headWritten()) {
      // A streaming response already started: nothing valid can be sent, so cut it.
      response.reset(Http2Error.INTERNAL_ERROR.code());
      return;
    }
    response.headers().remove("Content-Length").remove("ETag").remove("Content-Encoding");
    boolean brokenFraming = fromHttpDecoder(ctx.failure());
    if (brokenFraming) {
      // Bytes after a broken chunk may be anything, a smuggled request too: none is read.
      response.putHeader("Connection", "close");
    }
    UnreadBody.stopAfter(ctx.request(), ProblemResponse.write(problem, ctx.request()));
    if (brokenFraming) {
      flushBeforeClose(ctx.request().connection());
    }
  }

  /**
   * Sends what {@code connection} has queued now. Vert.x hands a decoder failure to the body
   * reader from inside the socket read and closes the channel as soon as that returns; writes
   * made during a read are flushed only when the read completes, so without this the answer was
   * dropped with the channel and the client saw the connection close without one. Uses Vert.x's
   * internals (the connection's channel); on the connection's event loop.
   */
  private static void flushBeforeClose(HttpConnection connection) {
    if (connection instanceof ConnectionBase base && base.channel().eventLoop().inEventLoop()) {
      base.channel().flush();
    }
  }

  /**
   * Whether vertx-web's {@code RequestBody} (a handler's {@code ctx.body().asJsonObject()})
   * threw it: the client's bad JSON. Any other decoding failure is of data the server read
   * elsewhere (an upstream service's answer, a stored value), a 500, not the client's 400.
   */
  private static boolean decodesRequestBody(Throwable failure) {
    for (StackTraceElement frame : failure.getStackTrace()) {
      if (frame.getClassName().startsWith("io.vertx.ext.web.impl.RequestBody")) {
        return true;
      }
    }
    return false;
  }

  private Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof Problem p) {
      return p;
    }
    if (failure instanceof DecodeException && decodesRequestBody(failure)) {
      return Problem.malformedJson("The request body is not valid JSON");
    }
    if (fromHttpDecoder(failure)) {
      return Problem.badRequest("The request body could not be read: its chunked framing is "
          + "malformed (a chunk size that is not hexadecimal or does not fit, or a chunk not "
          + "ended by CRLF); the connection is closed");
    }
    if (failure instanceof HttpClosedException || failure instanceof SocketException) {
      // The client closed or reset the connection (or reset its stream) before its body was
      // read: not the server's failure, and nobody reads this answer; logged at debug only.
      LOG.debug("{} {}: the client closed the connection before its request was read",
          ctx.request().method(), ctx.request().path());
      return Problem.badRequest("The connection closed before the request was read");
    }
    if (failure instanceof Http2Exception) {
      // A stream the client framed wrongly (DATA longer than its content-length, ...).
      return Problem.badRequest("The request's HTTP/2 framing is malformed: "
          + failure.getMessage());
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (failure == null || failure instanceof HttpException) {
      Problem p = forStatus(ctx, status);
      if (p != null) {
        return p;
      }
    }
    RequestScope scope = RequestScope.current();
    String requestId = scope == null ? "-" : scope.requestId();
    // One line per distinct failure and interval: an outage must not write a trace per request.
    String where = ctx.request().method() + " " + ctx.request().path();
    String kind = failure == null ? "status " + status
        : failure.getClass().getName() + " " + failure.getMessage();
    REPEATS.error(routes.template(ctx) + " " + kind, "Unexpected failure on " + where
        + " (request id " + requestId + "): {}",
        failure == null ? new IllegalStateException("status " + status) : failure);
    return Problem.internal(requestId);
  }

  /**
   * Whether Netty's HTTP decoder refused the request's body (a malformed chunk size): the
   * client's error, handed to the body reader as a plain exception, and Vert.x closes the
   * connection after it (the 400 goes out first, with {@code Connection: close}).
   */
  static boolean fromHttpDecoder(Throwable failure) {
    if (failure == null || failure instanceof Problem) {
      return false;
    }
    if (failure instanceof DecoderException) {
      return true;
    }
    StackTraceElement[] frames = failure.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, DECODER_FRAMES); i++) {
      if (frames[i].getClassName().equals(HTTP_DECODER)) {
        return true;
      }
    }
    return false;
  }

  private Problem forStatus(RoutingContext ctx, int status) {
    String path = ctx.request().path();
    return switch (status) {
      case 400 -> Problem.badRequest("The request is malformed");
      case 404 -> Problem.notFound("No resource at " + path);
      // The path as the router matched it (//, dot segments), not as sent.
      case 405 -> Problem.methodNotAllowed(ctx.request().method().name(),
          routes.allowedMethods(ctx.normalizedPath()));
      case 406 -> Problem.notAcceptable(Requests.headerList(ctx, "Accept"),
          List.of("application/json"));
      case 413 -> Problem.payloadTooLarge("The request body exceeds the limit of "
          + routes.maxBodyBytes() + " bytes");
      case 415 -> Problem.unsupportedMediaType(ctx.request().getHeader("Content-Type"),
          List.of("application/json"));
      // vertx-web's body handler, for an Expect other than 100-continue.
      case 417 -> Problem.of(417, "expectation-failed", "Expectation Failed", "Expect '"
          + Requests.clip(String.valueOf(ctx.request().getHeader("Expect")), MAX_ECHOED)
          + "' cannot be met; the only expectation this server meets is 100-continue");
      default -> status >= 400 && status < 500
          ? Problem.of(status, "http-" + status, "HTTP " + status, "Request failed with "
              + status) : null;
    };
  }
}
