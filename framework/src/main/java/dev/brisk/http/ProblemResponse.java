package dev.brisk.http;

import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one rendering of a {@link Problem} as an HTTP response, used by the failure handler, by
 * idempotent replays and by {@code /api/batch} sub-responses: the problem's status, its own
 * headers plus {@code Content-Type: application/problem+json} and {@code Cache-Control:
 * no-store} (private and varying on the credentials for 401, 403 and 429), and its JSON body.
 * Stateless.
 */
final class ProblemResponse {

  static final String CONTENT_TYPE = "application/problem+json";

  private ProblemResponse() {
  }

  /**
   * The response headers: the problem's own, then Content-Type and Cache-Control; a refusal of
   * the caller itself (401, 403, 429) is also private and varies on the credentials, a 406 on
   * Accept.
   */
  static Map<String, String> headers(Problem problem) {
    Map<String, String> headers = new LinkedHashMap<>(problem.headers());
    headers.put("Content-Type", CONTENT_TYPE);
    // A problem describes one attempt; caches must not replay it for the next.
    int status = problem.status();
    if (status == 401 || status == 403 || status == 429) {
      headers.put("Cache-Control", "private, no-store");
      headers.merge("Vary", AccessGuard.CREDENTIAL_VARY, (own, credentials) ->
          own + ", " + credentials);
    } else {
      headers.put("Cache-Control", "no-store");
    }
    if (status == 406) {
      // Another Accept gets a representation.
      headers.merge("Vary", "Accept", (own, accept) -> own + ", " + accept);
    }
    return headers;
  }

  /**
   * Sends the problem as the whole response to {@code request}; the caller checked nothing was
   * written yet. The future completes once it is written.
   */
  static Future<Void> write(Problem problem, HttpServerRequest request) {
    HttpServerResponse response = request.response();
    response.setStatusCode(problem.status());
    headers(problem).forEach(response::putHeader);
    // A stream that failed before its head set chunked: a length beside Transfer-Encoding is a
    // message HTTP/1.1 clients refuse (RFC 9112 section 6.3), so the problem goes out with its
    // length alone.
    response.setChunked(false);
    response.headers().remove(HttpHeaders.TRANSFER_ENCODING);
    return ReplyWriter.send(request, CONTENT_TYPE, problem.toJson().toBuffer());
  }

  /** The problem as a reply, as idempotency records and replays it. */
  static Reply reply(Problem problem) {
    Reply reply = Reply.bytes(problem.status(), CONTENT_TYPE, problem.toJson().toBuffer());
    for (Map.Entry<String, String> h : headers(problem).entrySet()) {
      if (!h.getKey().equals("Content-Type")) {
        reply = reply.withHeader(h.getKey(), h.getValue());
      }
    }
    return reply;
  }

  /** The problem as one entry of a batch response: {@code id}, status, headers and body. */
  static JsonObject batchEntry(String id, Problem problem) {
    JsonObject headers = new JsonObject();
    headers(problem).forEach(headers::put);
    return new JsonObject().put("id", id).put("status", problem.status())
        .put("headers", headers).put("body", problem.toJson());
  }
}
