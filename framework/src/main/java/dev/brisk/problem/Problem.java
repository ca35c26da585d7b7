package dev.brisk.problem;

import dev.brisk.internal.Echo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An RFC 9457 problem: the one exception type Brisk handlers fail with for expected errors.
 *
 * <p>{@code return Future.failedFuture(Problem.notFound("Product 42 does not exist"));}
 *
 * <p>Immutable; {@code with*} methods return copies. No stack trace is captured, so failing with a
 * problem is cheap on hot paths. Thread-safe.
 */
public final class Problem extends RuntimeException {

  /** Base of every problem {@code type} URI; each slug is listed in {@code docs/problems.md}. */
  public static final String TYPE_BASE = "https://brisk.dev/problems/";
  /**
   * The most {@code errors} a validation problem lists: a body of thousands of bad members would
   * otherwise be answered with a problem many times its size.
   */
  public static final int MAX_LISTED_ERRORS = 100;
  /**
   * The most characters of pointers and details a validation problem lists (past the first
   * error): a pointer names a member in full, and members may have names of thousands.
   */
  public static final int MAX_LISTED_CHARS = 16 * 1024;

  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;
  private final JsonObject extensions;

  private Problem(int status, String slug, String title, String detail, List<FieldError> errors,
      Map<String, String> headers, JsonObject extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = Objects.requireNonNull(slug, "slug");
    this.title = Objects.requireNonNull(title, "title");
    this.errors = List.copyOf(errors);
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.extensions = extensions;
  }

  /**
   * Creates a problem of any status; prefer the named factories. Every problem body carries a
   * {@code detail}: a null one (e.g. an exception's missing message) becomes the title, so an
   * error path never fails on it.
   */
  public static Problem of(int status, String slug, String title, String detail) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("problem status must be 4xx or 5xx, was " + status);
    }
    return new Problem(status, slug, title, detail == null ? title : detail, List.of(), Map.of(),
        new JsonObject());
  }

  /** 400: the request is malformed (syntax, bad parameter). */
  public static Problem badRequest(String detail) {
    return of(400, "bad-request", "Bad Request", detail);
  }

  /** 400 for a malformed JSON body. */
  public static Problem malformedJson(String detail) {
    return of(400, "malformed-json", "Malformed JSON", detail);
  }

  /** 400 for a query parameter that is missing or has a bad value. */
  public static Problem invalidParameter(String name, String detail) {
    return of(400, "invalid-parameter", "Invalid Parameter", detail)
        .withErrors(List.of(FieldError.of("?" + name, detail)));
  }

  /** 404: nothing at this path or no resource with this id. */
  public static Problem notFound(String detail) {
    return of(404, "not-found", "Not Found", detail);
  }

  /** 405 with the {@code Allow} header listing the methods the route accepts. */
  public static Problem methodNotAllowed(String method, List<String> allowed) {
    return of(405, "method-not-allowed", "Method Not Allowed",
        "Method " + method + " is not allowed here; allowed: " + String.join(", ", allowed))
        .withHeader("Allow", String.join(", ", allowed));
  }

  /**
   * 406: none of the media types in {@code Accept} can be produced; the detail quotes at most
   * 100 characters of it (a batch sub-request's header is bounded only by the batch's body).
   */
  public static Problem notAcceptable(String accept, List<String> produced) {
    return of(406, "not-acceptable", "Not Acceptable", "Cannot produce "
        + (accept == null ? null : Echo.clip(accept, 100)) + "; available: "
        + String.join(", ", produced));
  }

  /** 409: the request conflicts with the current state (e.g. insufficient stock). */
  public static Problem conflict(String detail) {
    return of(409, "conflict", "Conflict", detail);
  }

  /** 412: an {@code If-Match} precondition failed. */
  public static Problem preconditionFailed(String detail) {
    return of(412, "precondition-failed", "Precondition Failed", detail);
  }

  /** 413: the body or batch is larger than allowed. */
  public static Problem payloadTooLarge(String detail) {
    return of(413, "payload-too-large", "Payload Too Large", detail);
  }

  /** 415: the body's {@code Content-Type} is not one the route consumes. */
  public static Problem unsupportedMediaType(String contentType, List<String> consumed) {
    return of(415, "unsupported-media-type", "Unsupported Media Type",
        "Content-Type " + (contentType == null ? "(none)" : contentType)
            + " is not supported; use " + String.join(" or ", consumed));
  }

  /**
   * 415: the body's {@code Content-Type} declares a charset other than UTF-8, the only one
   * {@code consumed} (JSON, NDJSON) may be in.
   */
  public static Problem unsupportedCharset(String contentType, List<String> consumed) {
    return of(415, "unsupported-media-type", "Unsupported Media Type",
        "Content-Type " + contentType + " declares a charset other than UTF-8; send "
            + String.join(" or ", consumed) + " in UTF-8");
  }

  /**
   * 422: the body is well-formed but invalid; each error points at the offending input. Lists
   * the first {@link #MAX_LISTED_ERRORS} within {@link #MAX_LISTED_CHARS}; the detail counts
   * them all.
   */
  public static Problem validation(List<FieldError> errors) {
    int listed = 0;
    long chars = 0;
    while (listed < errors.size() && listed < MAX_LISTED_ERRORS) {
      FieldError e = errors.get(listed);
      chars += e.pointer().length() + e.detail().length();
      if (listed > 0 && chars > MAX_LISTED_CHARS) {
        break;
      }
      listed++;
    }
    // A whole-body error has the empty pointer: its detail alone, not ": detail".
    String detail = listed < errors.size() ? errors.size() + " fields are invalid; "
        + (listed == 1 ? "the first is listed" : "the first " + listed + " are listed")
        : errors.size() == 1 && errors.get(0).pointer().isEmpty() ? errors.get(0).detail()
        : oneDetail(errors) ? pointers(errors) + ": " + errors.get(0).detail()
        : errors.size() + " fields are invalid";
    return of(422, "validation", "Validation Failed", detail)
        .withErrors(errors.subList(0, listed));
  }

  /** Whether every error says the same (one error, or one rule across several members). */
  private static boolean oneDetail(List<FieldError> errors) {
    return errors.stream().map(FieldError::detail).distinct().count() == 1;
  }

  private static String pointers(List<FieldError> errors) {
    return errors.stream().map(FieldError::pointer).collect(Collectors.joining(", "));
  }

  /** 429 with {@code Retry-After}. */
  public static Problem tooManyRequests(String detail) {
    return of(429, "rate-limited", "Too Many Requests", detail);
  }

  /** 500: an unexpected failure; the detail never carries internals. */
  public static Problem internal(String requestId) {
    return of(500, "internal", "Internal Server Error",
        "An unexpected error occurred; quote request id " + requestId + " when reporting it");
  }

  /** 503: the service or a dependency is unavailable or overloaded. */
  public static Problem unavailable(String detail) {
    return of(503, "unavailable", "Service Unavailable", detail);
  }

  /**
   * 503: a write was sent to be committed but its outcome is unknown (connection lost, or no
   * answer within the wait); the client should retry with the same {@code Idempotency-Key},
   * which replays a write that happened instead of repeating it.
   */
  public static Problem outcomeUnknown() {
    return of(503, "outcome-unknown", "Outcome Unknown", "The write was sent to the database but "
        + "its outcome is unknown. Retry with the same Idempotency-Key: a write that happened is "
        + "replayed, never repeated").withRetryAfter(Duration.ofSeconds(1));
  }

  /** 504: the request deadline passed. */
  public static Problem gatewayTimeout(String detail) {
    return of(504, "deadline-exceeded", "Gateway Timeout", detail);
  }

  /** Returns a copy carrying these validation errors. */
  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(status, slug, title, getMessage(), fieldErrors, headers, extensions);
  }

  /** Returns a copy that also sends this response header. */
  public Problem withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Problem(status, slug, title, getMessage(), errors, copy, extensions);
  }

  /** Returns a copy with {@code Retry-After} in whole seconds (at least 1). */
  public Problem withRetryAfter(Duration delay) {
    long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
    return withHeader("Retry-After", Long.toString(seconds))
        .withExtension("retry_after_seconds", seconds);
  }

  /** Returns a copy with an extension member in the JSON body (RFC 9457 section 3.2). */
  public Problem withExtension(String name, Object value) {
    JsonObject copy = extensions.copy().put(name, value);
    return new Problem(status, slug, title, getMessage(), errors, headers, copy);
  }

  public int status() {
    return status;
  }

  /** The full {@code type} URI. */
  public String type() {
    return TYPE_BASE + slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** Extra response headers such as {@code Allow} or {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The problem as its JSON body. Text that echoes the request (a member name in a pointer or a
   * detail) never carries a C0 control character: each becomes U+FFFD.
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", type())
        .put("title", title)
        .put("status", status)
        .put("detail", printable(getMessage()));
    if (!errors.isEmpty()) {
      List<JsonObject> list = new ArrayList<>(errors.size());
      for (FieldError e : errors) {
        list.add(new JsonObject().put("pointer", printable(e.pointer()))
            .put("detail", printable(e.detail())));
      }
      json.put("errors", new JsonArray(list));
    }
    extensions.forEach(e -> json.put(e.getKey(),
        e.getValue() instanceof String text ? printable(text) : e.getValue()));
    return json;
  }

  /** {@code text} with every C0 control character (U+0000 to U+001F) replaced by U+FFFD. */
  static String printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < 0x20) {
        char[] chars = text.toCharArray();
        for (int j = i; j < chars.length; j++) {
          chars[j] = chars[j] < 0x20 ? '\uFFFD' : chars[j];
        }
        return new String(chars);
      }
    }
    return text;
  }

  /** One invalid input: a JSON pointer (or {@code ?param}) into the request and what is wrong. */
  public record FieldError(String pointer, String detail) {
    public FieldError {
      Objects.requireNonNull(pointer, "pointer");
      Objects.requireNonNull(detail, "detail");
    }

    public static FieldError of(String pointer, String detail) {
      return new FieldError(pointer, detail);
    }
  }
}
