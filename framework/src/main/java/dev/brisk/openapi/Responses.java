package dev.brisk.openapi;

import dev.brisk.http.ApiVersion;
import dev.brisk.http.Idempotency;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The problem responses of one description, declared once each under
 * {@code components/responses} and referenced by the operations, and the headers they share.
 */
final class Responses {

  private static final String HEADERS = "#/components/headers/";
  private static final Map<Integer, String> MEANINGS = Map.ofEntries(
      Map.entry(400, "Malformed request: a query parameter, cursor or body is invalid"),
      Map.entry(401, "Unknown API key, or none where one is needed"),
      Map.entry(403, "The caller's tier may not call this operation"),
      Map.entry(404, "No such resource (or one the caller may not see)"),
      Map.entry(405, "The path does not take this method; Allow lists the ones it takes. "
          + "Operations do not list it: any method a path does not declare is answered so"),
      Map.entry(406, "None of the accepted media types can be produced"),
      Map.entry(408, "The request body did not arrive in time (the connection is closed)"),
      Map.entry(409, "Conflict with the resource's current state"),
      Map.entry(412, "If-Match does not match the current representation"),
      Map.entry(413, "The request body (or the batch) is too large"),
      Map.entry(415, "The request body's media type or encoding is not accepted"),
      Map.entry(417, "An Expect other than 100-continue cannot be met"),
      Map.entry(422, "The body is well-formed but invalid; errors[] point at the inputs"),
      Map.entry(429, "Rate limit exceeded (or too many streams); retry after Retry-After"),
      Map.entry(503, "Overloaded or a dependency is down; retry after Retry-After"),
      Map.entry(504, "The request's deadline passed; its SQL was cancelled"),
      Map.entry(0, "Unexpected failure (500, with a request id)"));

  private static final String NOT_MODIFIED = "NotModified";

  /** The problem responses referenced so far, by component name, each with its status. */
  private final Map<String, Integer> used = new TreeMap<>(Map.of(name(405), 405));
  private boolean notModified;

  /** A reference to the problem response for {@code status} (0: any other status). */
  JsonObject ref(int status) {
    return ref(name(status), status);
  }

  /**
   * A reference to the 415 of a {@code method} operation: a POST's names the media types it
   * takes in {@code Accept-Post}, a PATCH's in {@code Accept-Patch} (RFC 5789 section 2.2), each
   * in a response of its own so that neither lists the other's header.
   */
  JsonObject unsupportedMediaType(HttpMethod method) {
    String accepting = method == HttpMethod.POST ? "Post"
        : method == HttpMethod.PATCH ? "Patch" : "";
    return ref(name(415) + accepting, 415);
  }

  private JsonObject ref(String name, int status) {
    used.put(name, status);
    return new JsonObject().put("$ref", "#/components/responses/" + name);
  }

  /** A reference to the 304 answering a matching {@code If-None-Match}. */
  JsonObject notModified() {
    notModified = true;
    return new JsonObject().put("$ref", "#/components/responses/" + NOT_MODIFIED);
  }

  /**
   * The responses referenced so far, and 405, which no operation lists; {@code rateLimited}:
   * some operation is rate limited, so these may carry its {@code RateLimit} headers;
   * {@code replayed}: the statuses an idempotent operation may replay; {@code version}: the
   * described version, whose every answer says so when it is deprecated (null: unversioned).
   */
  JsonObject components(boolean rateLimited, Set<Integer> replayed, ApiVersion version) {
    JsonObject all = new JsonObject();
    if (notModified) {
      // The head the 200 would have had: its validator, cache policy and links (RFC 9110).
      all.put(NOT_MODIFIED, new JsonObject().put("description", "Not Modified: "
          + "If-None-Match lists the current ETag (or *); no body").put("headers",
          common(new JsonObject().put("ETag", header("ETag"))
              .put("Cache-Control", header("Cache-Control")).put("Link", header("Link")),
              rateLimited, version)));
    }
    for (Map.Entry<String, Integer> response : used.entrySet()) {
      int status = response.getValue();
      // Every problem is no-store (ProblemResponse).
      JsonObject headers = common(new JsonObject().put("Cache-Control",
          header("Cache-Control")), rateLimited, version);
      if (status == 429 || status == 503) {
        headers.put("Retry-After", header("Retry-After"));
      } else if (status == 405) {
        headers.put("Allow", header("Allow"));
      } else if (status == 401) {
        headers.put("WWW-Authenticate", header("WWW-Authenticate"));
      } else if (status == 415) {
        unsupported(response.getKey(), headers);
      }
      if (replayed.contains(status)) {
        headers.put(Idempotency.REPLAYED.name(), Success.header(Idempotency.REPLAYED));
      }
      all.put(response.getKey(), new JsonObject()
          .put("description", MEANINGS.getOrDefault(status, "Problem"))
          .put("headers", headers)
          .put("content", new JsonObject().put("application/problem+json",
              new JsonObject().put("schema", Schemas.ref(Schemas.PROBLEM)))));
    }
    return all;
  }

  /**
   * Adds a 415's headers to {@code headers}: {@code Accept-Encoding} when the body's coding was
   * refused, and the media types a POST or PATCH takes when its type was.
   */
  private static void unsupported(String name, JsonObject headers) {
    headers.put("Accept-Encoding", header("Accept-Encoding"));
    if (name.endsWith("Post")) {
      headers.put("Accept-Post", header("Accept-Post"));
    } else if (name.endsWith("Patch")) {
      headers.put("Accept-Patch", header("Accept-Patch"));
    }
  }

  /**
   * {@code headers} with those of every answer ({@link #everyAnswer}), the rate limit's when
   * {@code rateLimited}, and the deprecation notice when {@code version} is deprecated
   * (RouteSteps.deprecated adds it to every answer).
   */
  private static JsonObject common(JsonObject headers, boolean rateLimited,
      ApiVersion version) {
    everyAnswer(headers);
    if (rateLimited) {
      headers.put("RateLimit", header("RateLimit"))
          .put("RateLimit-Policy", header("RateLimit-Policy"));
    }
    if (version != null && !version.isCurrent()) {
      headers.put("Deprecation", header("Deprecation")).put("Link", header("Link"));
      if (version.sunsetAt() != null) {
        headers.put("Sunset", header("Sunset"));
      }
    }
    return headers;
  }

  /** Adds the headers the request pipeline puts on every answer to {@code headers}. */
  static JsonObject everyAnswer(JsonObject headers) {
    return headers.put("X-Request-Id", header("X-Request-Id"))
        .put("Server-Timing", header("Server-Timing"));
  }

  /** A reference to one of {@link #headers()}. */
  static JsonObject header(String name) {
    return new JsonObject().put("$ref", HEADERS + name);
  }

  /** The response headers operations refer to. */
  static JsonObject headers() {
    return new JsonObject()
        .put("RateLimit", string("The caller's remaining quota and when it resets "
            + "(draft-ietf-httpapi-ratelimit-headers); on every answer of a rate-limited "
            + "route, problems and 304 included, unless the caller's tier is unlimited"))
        .put("RateLimit-Policy", string("The quota policies applied to the caller"))
        .put("Retry-After", new JsonObject().put("description", "Seconds to wait before "
            + "retrying").put("schema", new JsonObject().put("type", "integer")))
        .put("Link", string("RFC 8288 links: rel=\"next\"/\"prev\" pages, or "
            + "rel=\"successor-version\" on a deprecated version"))
        .put("Location", string("The created resource"))
        .put("Allow", string("The methods the path takes"))
        .put("Accept-Post", string("On a 415 for the body's media type: the media types the "
            + "POST takes, comma-separated (such as application/json)"))
        .put("Accept-Patch", string("On a 415 for the body's media type: the media types the "
            + "PATCH takes, comma-separated (RFC 5789 section 3.1)"))
        .put("Accept-Encoding", string("On a 415 for the body's Content-Encoding: the codings "
            + "the operation takes (identity: send the body uncompressed)"))
        .put("ETag", string("Strong validator; send it back in If-None-Match or If-Match"))
        .put("Cache-Control", string("How caches may keep the answer: a read's cache policy "
            + "(no-cache when the route sets none), no-store for writes and problems, private "
            + "when the answer depends on the caller"))
        .put("Deprecation", string("When this API version was deprecated (RFC 9745)"))
        .put("Sunset", string("When this API version stops being served (RFC 8594)"))
        .put("X-Request-Id", string("The request's id, as the access log and traces name it: "
            + "the client's own when it sent a valid one ([A-Za-z0-9._:-]{1,128}), else a new "
            + "one"))
        .put("Server-Timing", string("Where the time went: total and database durations and "
            + "the statements run (W3C Server Timing); a stream sends it as a trailer over "
            + "HTTP/1.1 chunked and HTTP/2"))
        .put("WWW-Authenticate", string("The credentials the API takes: ApiKey "
            + "header=\"X-API-Key\", and Bearer when tokens are accepted (RFC 9110 section "
            + "11.6.1)"));
  }

  private static JsonObject string(String description) {
    return new JsonObject().put("description", description)
        .put("schema", new JsonObject().put("type", "string"));
  }

  private static String name(int status) {
    return status == 0 ? "Problem" : "Problem" + status;
  }
}
