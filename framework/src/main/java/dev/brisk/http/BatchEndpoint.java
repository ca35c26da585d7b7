package dev.brisk.http;

import dev.brisk.http.DispatchedResponse;
import dev.brisk.http.LocalDispatch;
import dev.brisk.http.MediaTypes;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.auth.Access;
import dev.brisk.auth.Caller;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.RequestScope;
import dev.brisk.batch.DataLoaderScope;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /api/batch}: runs up to {@code maxRequests} sub-requests through the same router
 * and middleware in process (no socket). Independent sub-requests run concurrently;
 * {@code depends_on} orders them (a failed dependency answers 424 in place); one failure never
 * fails the others. All sub-requests share one {@link DataLoaderScope}, so their lookups batch
 * and deduplicate together, and what is left of the outer request's deadline: when it passes,
 * unfinished sub-requests answer 504 in place and their SQL is cancelled.
 *
 * <p>Only buffered endpoints run inside a batch (streams and uploads answer 400 in place). A
 * sub-response over {@link BatchEndpointOptions#maxResponseBytes()}, or one that would take the
 * batch over {@link BatchEndpointOptions#maxTotalBytes()}, is replaced by a 413 problem in place.
 * The outer response is JSON ({@code {"responses": [...]}}) in request order, each entry written
 * once it and those before it completed, or with {@code Accept: application/x-ndjson} one line
 * per sub-response as it completes; its first {@link BatchEndpointOptions#maxBufferedBytes()}
 * are held so that a small batch is answered in one piece with a {@code Server-Timing} counting
 * every sub-request, and the rest streams ({@link BatchOutput}).
 *
 * <p>{@code BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults())
 * .register(routes, "/api/batch");}
 *
 * <p>Runs on the batch request's event-loop context.
 */
public final class BatchEndpoint implements Handler<RoutingContext> {

  private static final String NDJSON = "application/x-ndjson";
  /** Names whose usual spelling is not each word capitalized. */
  private static final Map<String, String> SPELLED = Map.of("etag", "ETag",
      "www-authenticate", "WWW-Authenticate", "ratelimit", "RateLimit",
      "ratelimit-policy", "RateLimit-Policy", "te", "TE");

  private final Router router;
  private final BatchEndpointOptions options;
  private final DistributionSummary sizes;
  private final DistributionSummary bytes;
  private final Counter nestedRejected;
  private final Counter tooLargeResponse;
  private final Counter tooLargeTotal;

  private BatchEndpoint(Router router, BatchEndpointOptions options) {
    this.router = router;
    this.options = options;
    this.sizes = DistributionSummary.builder("brisk.batch.endpoint.requests")
        .description("Sub-requests per batch call").register(options.registry());
    this.bytes = DistributionSummary.builder("brisk.batch.endpoint.bytes").baseUnit("bytes")
        .description("Sub-response bytes per batch call").register(options.registry());
    this.nestedRejected = Counter.builder("brisk.batch.endpoint.nested")
        .description("Nested batch calls rejected").register(options.registry());
    this.tooLargeResponse = tooLarge(options, "response");
    this.tooLargeTotal = tooLarge(options, "total");
  }

  private static Counter tooLarge(BatchEndpointOptions options, String limit) {
    return Counter.builder("brisk.batch.endpoint.too_large").tag("limit", limit)
        .description("Sub-responses replaced by 413 for crossing a size limit")
        .register(options.registry());
  }

  /** A batch endpoint dispatching into {@code router}. */
  public static BatchEndpoint create(Router router, BatchEndpointOptions options) {
    return new BatchEndpoint(router, options);
  }

  /**
   * Registers {@code POST path}, open to every caller: each sub-request runs as the outer
   * request's caller and is checked against its own route's access.
   */
  public void register(Routes routes, String path) {
    routes.documented(doc(options.maxRequests()))
        .rawBuffered(HttpMethod.POST, path, Access.open(), this);
  }

  /** What the generated API description says about the batch route. */
  private static OperationDoc doc(int maxRequests) {
    return OperationDoc
        .summary("Run sub-requests in one call, each through the same routes and checks")
        .withDescription("At most " + maxRequests + " sub-requests (413 beyond). Streams and "
            + "imports are refused in place (400). A control character in an id, method, path "
            + "or header fails the batch (422).")
        .withRequestBody(new JsonObject().put("type", "object")
            .put("required", new JsonArray().add("requests"))
            .put("additionalProperties", false)
            .put("properties", new JsonObject().put("requests", new JsonObject()
                .put("type", "array").put("maxItems", maxRequests).put("items", subRequest()))))
        .returns(new JsonObject().put("type", "object").put("properties", new JsonObject()
            .put("responses", new JsonObject().put("type", "array")
                .put("items", subResponse()))))
        .withResponseAlternative(NDJSON, subResponse()
            .put("description", "One sub-response per line, in completion order"))
        .withResponseHeaders(ParameterDoc.required("Cache-Control", new JsonObject()
            .put("type", "string"), "private, no-store: the sub-responses are the caller's"))
        .withExamples(new JsonObject().put("requests", new JsonArray().add(new JsonObject()
            .put("id", "a").put("method", "GET").put("path", "/api/products/1?fields=name"))),
            null)
        .withProblems(406, 417, 422);
  }

  private static JsonObject subRequest() {
    // Single-line text: a C0 control character anywhere in these fails the batch with 422.
    JsonObject string = new JsonObject().put("type", "string")
        .put("pattern", "^[^\\u0000-\\u001F]*$");
    return new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("id").add("method").add("path"))
        .put("additionalProperties", false)
        .put("properties", new JsonObject()
            .put("id", string.copy().put("minLength", 1).put("maxLength", BatchParser.MAX_ID))
            .put("method", new JsonObject().put("type", "string")
                .put("enum", new JsonArray(BatchParser.METHODS.stream().sorted().toList()))
                .put("description", "Case-insensitive"))
            .put("path", new JsonObject().put("type", "string")
                .put("maxLength", BatchParser.MAX_PATH)
                .put("pattern", "^/(?!/)[^\\u0000-\\u001F]*$")
                .put("description", "A path with its query, such as /api/products/1?fields=name"))
            .put("headers", new JsonObject().put("type", "object")
                .put("propertyNames", string.copy())
                .put("additionalProperties", string.copy()))
            .put("body", new JsonObject().put("description", "Any JSON value, or null; with "
                + "body_encoding, a base64 string"))
            .put("body_encoding", new JsonObject().put("type", "string")
                .put("enum", new JsonArray().add("base64"))
                .put("description", "body is the base64 (RFC 4648, with padding) of the bytes "
                    + "to send, as application/octet-stream unless headers set Content-Type"))
            .put("depends_on", new JsonObject().put("type", "array").put("items",
                string.copy())));
  }

  private static JsonObject subResponse() {
    return new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("id", new JsonObject().put("type", new JsonArray().add("string").add("null"))
            .put("description", "The sub-request's id; null for an entry without a valid "
                + "one (answered 400 in place)"))
        .put("status", new JsonObject().put("type", "integer"))
        .put("headers", new JsonObject().put("type", "object"))
        .put("body", new JsonObject().put("description", "The sub-response's body: JSON as "
            + "JSON, other text as a string, anything else (such as protobuf) as a base64 "
            + "string"))
        .put("body_encoding", new JsonObject().put("type", "string")
            .put("enum", new JsonArray().add("base64"))
            .put("description", "Present when body is base64 (RFC 4648, with padding)")));
  }

  @Override
  public void handle(RoutingContext ctx) {
    handle(ctx, c -> Future.succeededFuture());
  }

  /**
   * Runs the batch; {@code chargeAlone} charges the caller one request (or fails with the 429)
   * when the batch dispatches no sub-request, which no route's rate limit would count: an
   * unreadable or refused batch, or one whose sub-requests are all invalid.
   */
  void handle(RoutingContext ctx, Function<RoutingContext, Future<Void>> chargeAlone) {
    RequestScope scope = RequestScope.current();
    List<SubRequest> requests;
    String format;
    try {
      if (scope.parent() != null) {
        nestedRejected.increment();
        throw Problem.badRequest("A batch cannot contain another batch request");
      }
      String accept = Requests.headerList(ctx, "Accept");
      format = MediaTypes.negotiate(accept, List.of(MediaTypes.JSON, NDJSON));
      if (format == null) {
        throw Problem.notAcceptable(accept, List.of(MediaTypes.JSON, NDJSON));
      }
      requests = BatchParser.parse(Requests.jsonBody(ctx), ctx.request().headers(),
          options.maxRequests());
    } catch (Problem p) {
      HeldBody.await(ctx, chargeAlone.apply(ctx), ar -> ctx.fail(ar.failed() ? ar.cause() : p));
      return;
    }
    if (requests.stream().anyMatch(SubRequest::isValid)) {
      start(ctx, scope, format, requests);
      return;
    }
    HeldBody.await(ctx, chargeAlone.apply(ctx), ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        start(ctx, scope, format, requests);
      }
    });
  }

  /** Dispatches the sub-requests and writes their responses as JSON or NDJSON. */
  private void start(RoutingContext ctx, RequestScope scope, String format,
      List<SubRequest> requests) {
    sizes.record(requests.size());
    AccessGuard.markCallerDependent(ctx, Caller.of(ctx));
    DataLoaderScope.current();
    List<Future<Buffer>> results = runAll(ctx, scope, requests);
    BatchOutput output = new BatchOutput(ctx.request(), scope, format,
        options.maxBufferedBytes());
    if (format.equals(NDJSON)) {
      stream(output, results);
    } else {
      respond(output, results);
    }
  }

  /**
   * Starts every sub-request in dependency order; the results, encoded as they complete, keep
   * request order. Dependents see only their dependencies' statuses, so a completed sub-response
   * is held only until it is encoded.
   */
  private List<Future<Buffer>> runAll(RoutingContext ctx, RequestScope outer,
      List<SubRequest> requests) {
    Map<String, Future<Integer>> statuses = new HashMap<>();
    List<Future<Buffer>> results = new ArrayList<>(Collections.nCopies(
        requests.size(), (Future<Buffer>) null));
    long[] total = {0};
    for (SubRequest r : order(requests)) {
      Future<JsonObject> result = run(ctx, outer, r, statuses);
      if (r.id() != null) {
        statuses.put(r.id(), result.map(entry -> entry.getInteger("status")));
      }
      results.set(r.index(), result.map(entry -> encode(r, entry, total)));
    }
    Future.join(results).onComplete(x -> bytes.record(total[0]));
    return results;
  }

  /**
   * Encodes an entry as it completes and counts it against the batch's total; the entry that
   * would cross the total becomes a 413 problem, so completed entries waiting for their turn
   * hold at most the total in memory.
   */
  private Buffer encode(SubRequest r, JsonObject entry, long[] total) {
    Buffer encoded = entry.toBuffer();
    if (total[0] + encoded.length() > options.maxTotalBytes()) {
      tooLargeTotal.increment();
      encoded = problem(r, Problem.payloadTooLarge("The batch's sub-responses exceed "
          + options.maxTotalBytes() + " bytes in all; split the batch")).toBuffer();
    }
    total[0] += encoded.length();
    return encoded;
  }

  private Future<JsonObject> run(RoutingContext ctx, RequestScope outer, SubRequest r,
      Map<String, Future<Integer>> statuses) {
    if (!r.isValid()) {
      return Future.succeededFuture(problem(r, r.invalid()));
    }
    List<Future<Integer>> deps = new ArrayList<>();
    for (String dep : r.dependsOn()) {
      deps.add(statuses.get(dep));
    }
    return Future.join(deps).transform(x -> {
      if (outer.remainingNanos() <= 0) {
        return Future.succeededFuture(problem(r, Problem.gatewayTimeout(
            "The batch's deadline passed before this sub-request started")));
      }
      for (int i = 0; i < deps.size(); i++) {
        int status = deps.get(i).result();
        if (status >= 400) {
          return Future.succeededFuture(problem(r, Problem.of(424, "failed-dependency",
              "Failed Dependency", "Sub-request '" + r.dependsOn().get(i) + "' answered "
                  + status)));
        }
      }
      return LocalDispatch.dispatch(ctx, router, r.method(), r.uri(), r.headers(), r.body(),
              options.maxResponseBytes())
          .map(response -> success(r, response))
          .otherwise(e -> problem(r, tooLarge(e)));
    });
  }

  /** Dependencies first; otherwise request order, so results can be collected in order. */
  private static List<SubRequest> order(List<SubRequest> requests) {
    Map<String, SubRequest> byId = new HashMap<>();
    requests.stream().filter(r -> r.id() != null).forEach(r -> byId.put(r.id(), r));
    List<SubRequest> ordered = new ArrayList<>();
    Set<SubRequest> seen = new HashSet<>();
    for (SubRequest r : requests) {
      add(r, byId, seen, ordered);
    }
    return ordered;
  }

  private static void add(SubRequest r, Map<String, SubRequest> byId,
      Set<SubRequest> seen, List<SubRequest> ordered) {
    if (!seen.add(r)) {
      return;
    }
    for (String dep : r.dependsOn()) {
      add(byId.get(dep), byId, seen, ordered);
    }
    ordered.add(r);
  }

  private static JsonObject success(SubRequest r, DispatchedResponse response) {
    JsonObject headers = new JsonObject();
    response.headers().names().forEach(n -> headers.put(headerName(n),
        String.join(", ", response.headers().getAll(n))));
    JsonObject entry = new JsonObject().put("id", r.id()).put("status", response.status())
        .put("headers", headers);
    return putBody(entry, response.body(), response.headers().get("Content-Type"));
  }

  /**
   * A header name as the {@code headers} object spells it. A JSON object's keys are case
   * sensitive while header names are not, and handlers set names in either case (Netty's
   * constants are lower case): a name with an upper-case letter is kept, an all-lower-case one
   * gets its usual spelling ({@code content-type} is {@code Content-Type}, {@code etag} is
   * {@code ETag}), so a client finds {@code Content-Type} on every sub-response.
   */
  static String headerName(String name) {
    if (!name.equals(name.toLowerCase(Locale.ROOT))) {
      return name;
    }
    String known = SPELLED.get(name);
    if (known != null) {
      return known;
    }
    StringBuilder sb = new StringBuilder(name.length());
    boolean start = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      sb.append(start ? Character.toUpperCase(c) : c);
      start = c == '-';
    }
    return sb.toString();
  }

  /**
   * Embeds a sub-response body: JSON as JSON, other text as a string, and anything else (such
   * as protobuf, or text that is not UTF-8) as standard base64 beside
   * {@code "body_encoding": "base64"}, so it decodes to the exact bytes.
   */
  static JsonObject putBody(JsonObject entry, Buffer body, String type) {
    if (body.length() == 0) {
      return entry.putNull("body");
    }
    String media = type == null ? "" : type.toLowerCase(Locale.ROOT);
    boolean json = MediaTypes.isJson(media);
    if (json) {
      try {
        return entry.put("body", body.toJsonValue());
      } catch (RuntimeException e) {
        // Not the JSON it claims to be: embedded as text or bytes below.
      }
    }
    String text = json || media.startsWith("text/") ? utf8(body) : null;
    if (text != null) {
      return entry.put("body", text);
    }
    return entry.put("body", Base64.getEncoder().encodeToString(body.getBytes()))
        .put("body_encoding", "base64");
  }

  /** The body as text, or null when it is not well-formed UTF-8. */
  private static String utf8(Buffer body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(body.getBytes())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private Problem tooLarge(Throwable failure) {
    if (failure instanceof Problem p && p.status() == 413) {
      tooLargeResponse.increment();
      return p;
    }
    return Problem.internal("-");
  }

  private static JsonObject problem(SubRequest r, Problem p) {
    return ProblemResponse.batchEntry(r.id(), p);
  }

  /** Writes the entries in request order, each once it and those before it completed. */
  private static void respond(BatchOutput output, List<Future<Buffer>> inRequestOrder) {
    output.write(Buffer.buffer("{\"responses\":["));
    Future<Void> written = Future.succeededFuture();
    for (int i = 0; i < inRequestOrder.size(); i++) {
      Future<Buffer> entry = inRequestOrder.get(i);
      boolean first = i == 0;
      written = written.compose(v -> entry).map(buffer -> {
        output.write(first ? buffer : Buffer.buffer(",").appendBuffer(buffer));
        return null;
      });
    }
    written.onComplete(x -> output.end(Buffer.buffer("]}")));
  }

  /** Writes one line per entry as it completes. */
  private static void stream(BatchOutput output, List<Future<Buffer>> results) {
    for (Future<Buffer> result : results) {
      result.onSuccess(buffer -> output.write(buffer.appendString("\n")));
    }
    Future.join(results).onComplete(x -> output.end(Buffer.buffer()));
  }
}
