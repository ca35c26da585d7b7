package dev.brisk.http;

import dev.brisk.problem.Problem;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Checks every request needs before routing: a known HTTP method (others are answered 501, so
 * made-up methods never reach routes or metrics), a well-formed request target ({@link UriCheck}),
 * well-formed {@code Accept} and {@code Content-Type} headers and no second {@code Content-Type},
 * {@code Idempotency-Key} or {@code Last-Event-ID} (400 at once, before any handler parses
 * them), no transfer coding but {@code chunked} (501) and {@code X-Content-Type-Options: nosniff} on every response. Runs on the request's
 * context.
 */
final class RequestGate {

  /** The methods Brisk knows; metrics label any other as {@code OTHER}. */
  static final Set<HttpMethod> KNOWN = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE,
      HttpMethod.CONNECT);

  /** Headers read as one value: sent twice, they are refused rather than one picked. */
  private static final List<String> SINGLE = List.of("Content-Type", "Idempotency-Key",
      "Last-Event-ID");

  // Pre-encoded: Netty copies their bytes instead of encoding two strings on every response.
  private static final CharSequence NOSNIFF_NAME =
      HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  /** How much of a header a problem's detail repeats. */
  private static final int MAX_ECHOED = 64;

  private RequestGate() {
  }

  /** Refuses what no route may see, or continues with {@code next}. */
  static void handle(RoutingContext ctx, Handler<RoutingContext> next) {
    ctx.response().putHeader(NOSNIFF_NAME, NOSNIFF);
    if (!KNOWN.contains(ctx.request().method())) {
      ctx.fail(Problem.of(501, "method-not-implemented", "Not Implemented",
          "This server does not implement the request method"));
      return;
    }
    String coding = unknownTransferCoding(ctx.request().headers());
    if (coding != null) {
      ctx.fail(Problem.of(501, "transfer-coding-not-implemented", "Not Implemented",
          "Transfer-Encoding '" + Requests.clip(coding, MAX_ECHOED) + "' is not implemented; "
          + "send the body with chunked alone or a Content-Length"));
      return;
    }
    Problem badTarget = UriCheck.check(ctx.request());
    if (badTarget != null) {
      ctx.fail(badTarget);
      return;
    }
    String repeated = repeatedHeader(ctx.request().headers());
    if (repeated != null) {
      ctx.fail(Problem.badRequest("The request has several " + repeated + " headers; send one"));
      return;
    }
    String malformed = malformedHeader(ctx.request().headers());
    if (malformed != null) {
      ctx.fail(Problem.badRequest("The " + malformed + " header is malformed: expected "
          + ("Accept".equals(malformed) ? "comma-separated media ranges such as "
              + "'application/json, */*;q=0.1'" : "one media type, each parameter named "
              + "once, such as 'application/json; charset=utf-8'")));
      return;
    }
    next.handle(ctx);
  }

  /**
   * The name of a header Brisk reads one value of that the request sends more than once, or
   * null: a gateway, WAF or cache in front may read the other line (the last {@code
   * Content-Type}, the other {@code Idempotency-Key}) than Brisk, which took the first.
   */
  static String repeatedHeader(MultiMap headers) {
    for (String name : SINGLE) {
      if (headers.contains(name) && headers.getAll(name).size() > 1) {
        return name;
      }
    }
    return null;
  }

  /**
   * A transfer coding of the request other than {@code chunked}, or null. Netty reads a body sent
   * {@code gzip, chunked} by its chunks alone and would hand the handler the bytes still gzipped;
   * RFC 9112 section 6.1 asks for a 501 instead. (HTTP/2 requests carry no Transfer-Encoding.)
   */
  static String unknownTransferCoding(MultiMap headers) {
    if (!headers.contains(HttpHeaders.TRANSFER_ENCODING)) {
      return null;
    }
    for (String line : headers.getAll(HttpHeaders.TRANSFER_ENCODING)) {
      for (String coding : line.split(",")) {
        String name = coding.trim();
        if (!name.isEmpty() && !name.equalsIgnoreCase("chunked")) {
          return name;
        }
      }
    }
    return null;
  }

  /** The name of the first malformed {@code Accept} or {@code Content-Type} value, or null. */
  static String malformedHeader(MultiMap headers) {
    for (String accept : headers.getAll("Accept")) {
      if (!MediaTypes.isValidAccept(accept)) {
        return "Accept";
      }
    }
    for (String type : headers.getAll("Content-Type")) {
      if (!MediaTypes.isValidContentType(type)) {
        return "Content-Type";
      }
    }
    return null;
  }
}
