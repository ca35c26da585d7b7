package dev.brisk.http;

import dev.brisk.internal.Echo;
import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Reads request input, turning bad input into 400/415 problems that name what was wrong, and
 * lets a long write say how it stops when the server does ({@link #onShutdown}).
 *
 * <p>{@code long id = Requests.pathId(ctx, "id");}
 *
 * <p>Call on the request's event loop.
 */
public final class Requests {

  /** JSON media types accepted by {@link #jsonBody(RoutingContext)}. */
  public static final List<String> JSON = List.of("application/json");

  private Requests() {
  }

  /**
   * A list header such as {@code Accept} or {@code If-Match} as one comma-separated value, or
   * null when absent: several field lines of it are one list (RFC 9110 section 5.3), so reading
   * only the first would drop what the others say. {@code Requests.headerList(ctx, "If-Match")}
   */
  public static String headerList(RoutingContext ctx, String name) {
    return headerList(ctx.request().headers(), name);
  }

  /** {@link #headerList(RoutingContext, String)} of request {@code headers}. */
  static String headerList(MultiMap headers, String name) {
    // Read on every reply: most requests send no If-None-Match, so no list is built for it.
    String first = headers.get(name);
    if (first == null) {
      return null;
    }
    List<String> lines = headers.getAll(name);
    return lines.size() == 1 ? first : String.join(", ", lines);
  }

  /**
   * A UUID from the path (canonical 8-4-4-4-12 hex digits in either case), else 400 naming the
   * parameter: {@code UUID id = Requests.pathUuid(ctx, "id");}
   */
  public static UUID pathUuid(RoutingContext ctx, String name) {
    return uuid(name, ctx.pathParam(name));
  }

  /**
   * Parameter {@code name}'s text {@code raw} as a UUID (canonical 8-4-4-4-12 hex digits in
   * either case), else 400 naming the parameter: the rule of {@link #pathUuid} for a value read
   * elsewhere (a query parameter, a filter).
   */
  public static UUID uuid(String name, String raw) {
    if (raw != null && Validation.isUuid(raw)) {
      return UUID.fromString(raw);
    }
    throw Problem.invalidParameter(name, name + " must be a UUID such as "
        + Validation.UUID_EXAMPLE + ", was '" + truncate(raw) + "'");
  }

  /**
   * The path parameter {@link #pathUuid} reads, for the generated API description:
   * {@code doc.withPath(Requests.pathUuidDoc("id", "The book's id"))}.
   */
  public static ParameterDoc pathUuidDoc(String name, String description) {
    return ParameterDoc.required(name, new JsonObject().put("type", "string")
        .put("format", "uuid"), description);
  }

  /** A positive 64-bit id from the path, else 400 naming the parameter. */
  public static long pathId(RoutingContext ctx, String name) {
    return inRange(name, ctx.pathParam(name), 1);
  }

  /**
   * The path parameter {@link #pathId} reads, for the generated API description:
   * {@code doc.withPath(Requests.pathIdDoc("id", "The user's id"))}.
   */
  public static ParameterDoc pathIdDoc(String name, String description) {
    return ParameterDoc.required(name, positiveId(), description);
  }

  /**
   * The query parameter {@link #queryId} reads, for the generated API description:
   * {@code doc.withQuery(Requests.queryIdDoc("studio_id", "Only this studio's classes"))}.
   */
  public static ParameterDoc queryIdDoc(String name, String description) {
    return ParameterDoc.optional(name, positiveId(), description);
  }

  /** The schema of what {@link #pathId} and {@link #queryId} read: a positive 64-bit id. */
  private static JsonObject positiveId() {
    return new JsonObject().put("type", "integer").put("format", "int64").put("minimum", 1);
  }

  /** An optional positive id from the query string; {@code null} when absent. */
  public static Long queryId(RoutingContext ctx, String name) {
    return queryId(ctx.queryParams(), name);
  }

  /** As {@link #queryId(RoutingContext, String)} on query parameters already parsed. */
  public static Long queryId(MultiMap query, String name) {
    String v = single(query, name);
    return v == null ? null : inRange(name, v, 1);
  }

  /** An optional non-negative long from the query string; {@code null} when absent. */
  public static Long queryLong(RoutingContext ctx, String name) {
    return queryLong(ctx.queryParams(), name);
  }

  /** As {@link #queryLong(RoutingContext, String)} on query parameters already parsed. */
  public static Long queryLong(MultiMap query, String name) {
    String v = single(query, name);
    return v == null ? null : inRange(name, v, 0);
  }

  /** An optional query parameter given at most once; {@code null} when absent. */
  public static String single(RoutingContext ctx, String name) {
    return single(ctx.queryParams(), name);
  }

  /** As {@link #single(RoutingContext, String)} on query parameters already parsed. */
  public static String single(MultiMap query, String name) {
    List<String> all = query.getAll(name);
    if (all.isEmpty()) {
      return null;
    }
    if (all.size() > 1) {
      throw Problem.invalidParameter(name, name + " must be given at most once");
    }
    return all.get(0);
  }

  /**
   * Rejects a query parameter not in {@code known}: 400 {@code invalid-parameter} naming it and
   * every known one.
   */
  public static void onlyParams(RoutingContext ctx, Set<String> known) {
    onlyParams(ctx.queryParams(), known);
  }

  /** As {@link #onlyParams(RoutingContext, Set)} on query parameters already parsed. */
  public static void onlyParams(MultiMap query, Set<String> known) {
    for (String name : query.names()) {
      if (!known.contains(name)) {
        throw Problem.invalidParameter(truncate(name), "unknown query parameter '"
            + truncate(name) + "'; " + (known.isEmpty() ? "this endpoint takes none"
            : "this endpoint accepts: " + String.join(", ", new TreeSet<>(known))));
      }
    }
  }

  /**
   * A 415 {@code refused} with {@code Accept-Patch} (a PATCH, RFC 5789 section 2.2) or
   * {@code Accept-Post} (a POST) listing the {@code accepted} media types, so every 415 of a
   * write says what to send instead. {@code throw Requests.namingAccepted(ctx, problem, types);}
   */
  public static Problem namingAccepted(RoutingContext ctx, Problem refused,
      List<String> accepted) {
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.PATCH || method == HttpMethod.POST) {
      return refused.withHeader(method == HttpMethod.PATCH ? "Accept-Patch" : "Accept-Post",
          String.join(", ", accepted));
    }
    return refused;
  }

  /**
   * Registers how this request stops if the server's drain timeout passes while it runs after a
   * write of it committed (an upload between batches): {@code stop} should answer 503
   * {@code unavailable} with {@code Retry-After}, saying what was written, and do nothing once
   * a write in flight decides the answer (the last batch of a body read in full: a 503 then
   * would count lines whose outcome is unknown). Without it such a request is left to finish
   * in the last second before the connections close; a request that committed nothing is
   * answered 503 and rolled back either way (docs/operations.md#shutdown).
   * Runs {@code stop} on the request's context, and only while no answer has started (a
   * streamed one ends as streams do); outside the HTTP pipeline it is never run.
   * {@code Requests.onShutdown(ctx, () -> cutOff("The server is shutting down"))}
   */
  public static void onShutdown(RoutingContext ctx, Runnable stop) {
    RequestScope scope = RequestScope.current();
    if (scope == null) {
      return;
    }
    // A started answer ends as a stream does at the drain; there is no status left to give.
    Runnable unregister = scope.onAbort(why -> {
      if (!ctx.response().headWritten()) {
        stop.run();
      }
    });
    ctx.addEndHandler(ended -> unregister.run());
  }

  /**
   * Rejects a request body on a write that takes none, as {@link #onlyParams} rejects unknown
   * parameters: a body its handler never reads (a {@code member_id} sent to book for another
   * member) must not run a write that silently ignores it. 415 {@code unsupported-media-type}.
   * On a route that buffers no body ({@code routes.delete}) the head says whether one comes: a
   * {@code Content-Length} other than 0, or {@code Transfer-Encoding}. An empty body passes.
   * {@code Requests.noBody(ctx)} first in the handler.
   */
  public static void noBody(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    String had;
    if (body != null) {
      had = body.length() > 0 ? body.length() + " bytes" : null;
    } else if (ctx.request().getHeader("Transfer-Encoding") != null) {
      had = "a body of unannounced length";
    } else {
      String length = ctx.request().getHeader("Content-Length");
      had = length == null || length.trim().matches("0+") ? null : truncate(length) + " bytes";
    }
    if (had != null) {
      String type = ctx.request().getHeader("Content-Type");
      throw Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
          "This endpoint takes no request body; send none (this one had " + had
              + (type == null ? "" : " of " + truncate(type)) + ")");
    }
  }

  /** The body as a JSON object, for {@code application/json}. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    return jsonBody(ctx, JSON);
  }

  /**
   * The body as a JSON object after checking {@code Content-Type} is one of {@code accepted},
   * without a charset other than UTF-8 (415 otherwise); malformed JSON is 400 and a non-object
   * body 422. Parsed as {@link #json(Buffer)}: nesting is limited and non-finite numbers arrive
   * as doubles, which {@link Validation} refuses.
   */
  public static JsonObject jsonBody(RoutingContext ctx, List<String> accepted) {
    String contentType = ctx.request().getHeader("Content-Type");
    String essence = MediaTypes.essence(contentType);
    if (essence == null || !accepted.contains(essence)) {
      throw namingAccepted(ctx, Problem.unsupportedMediaType(contentType, accepted), accepted);
    }
    if (!MediaTypes.isUtf8(contentType)) {
      throw namingAccepted(ctx, Problem.unsupportedCharset(contentType, accepted), accepted);
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw Problem.malformedJson("The request body is empty; a JSON object is required");
    }
    Object value = json(body);
    if (!(value instanceof JsonObject json)) {
      throw Problem.validation(List.of(
          Problem.FieldError.of("", "The request body must be a JSON object")));
    }
    return json;
  }

  /**
   * Parses JSON text (a body, an NDJSON line) with Brisk's limits: 400 {@code malformed-json}
   * for invalid JSON or nesting deeper than 64 levels, with a plain message; {@code NaN},
   * {@code Infinity} and out-of-range numbers such as {@code 1e400} parse as non-finite doubles
   * so {@link Validation} rejects them 422 with a pointer. Returns a {@link JsonObject},
   * {@code JsonArray}, String, Number, Boolean or null.
   */
  public static Object json(Buffer text) {
    return JsonText.parse(text);
  }

  /**
   * Plain decimal digits from {@code min} to {@link Long#MAX_VALUE}: no sign, no spaces, nothing
   * else. Anything else, a number too large for 64 bits included, is a 400 stating that range.
   */
  private static long inRange(String name, String raw, long min) {
    if (raw != null && !raw.isEmpty() && raw.length() <= 19 && allDigits(raw)) {
      try {
        long value = Long.parseLong(raw);
        if (value >= min) {
          return value;
        }
      } catch (NumberFormatException tooLarge) {
        // 19 digits beyond Long.MAX_VALUE: refused below like any other bad value
      }
    }
    throw Problem.invalidParameter(name, name + " must be an integer from " + min + " to "
        + Long.MAX_VALUE + ", was '" + truncate(raw) + "'");
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String truncate(String raw) {
    return raw == null ? "" : clip(raw, 40);
  }

  /** {@code raw} to echo in a problem: at most {@code max} characters ({@link Echo#clip}). */
  static String clip(String raw, int max) {
    return Echo.clip(raw, max);
  }
}
