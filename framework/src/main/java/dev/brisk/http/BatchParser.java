package dev.brisk.http;

import dev.brisk.internal.Sha256;
import dev.brisk.problem.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a batch body into sub-requests. Problems with the batch as a whole (shape, size,
 * duplicate ids, dependency cycles) throw; problems with one entry make that entry invalid.
 */
final class BatchParser {

  static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> ENTRY_KEYS = Set.of("id", "method", "path", "headers", "body",
      "body_encoding", "depends_on");
  private static final String BASE64 = "base64";
  /** The longest sub-request path and query. */
  static final int MAX_PATH = 8192;
  /** The most unknown members (of the batch, or of an entry) one refusal names. */
  private static final int MAX_UNKNOWN_NAMED = 10;
  /** The longest sub-request id (ids are echoed in the response). */
  static final int MAX_ID = 256;
  /** A header name: an RFC 9110 token. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** An idempotency key derived from the batch's own and a sub-request id (visible ASCII). */
  private static final Pattern PLAIN_ID = Pattern.compile("[!-~]+");
  // Accept is the batch's own format (JSON or NDJSON); each sub-request negotiates its own.
  private static final Set<String> NOT_INHERITED = Set.of("accept", "content-length",
      "content-type", "transfer-encoding", "connection", "keep-alive", "upgrade", "expect", "te",
      "trailer", "accept-encoding", "x-request-id", "idempotency-key", "if-none-match", "if-match");

  private BatchParser() {
  }

  static List<SubRequest> parse(JsonObject body, MultiMap outerHeaders, int maxRequests) {
    Object raw = body.getValue("requests");
    if (!(raw instanceof JsonArray requests)) {
      throw Problem.validation(List.of(Problem.FieldError.of("/requests",
          "requests must be an array of sub-requests")));
    }
    // As in each entry: a misspelt member (say "request_timeout") must not pass unnoticed.
    List<Problem.FieldError> unknown = body.fieldNames().stream()
        .filter(name -> !name.equals("requests")).sorted().limit(MAX_UNKNOWN_NAMED)
        .map(name -> Problem.FieldError.of(Validation.pointer("", name),
            "unknown member '" + Requests.clip(name, 64) + "': a batch holds requests only"))
        .toList();
    if (!unknown.isEmpty()) {
      throw Problem.validation(unknown);
    }
    if (requests.size() > maxRequests) {
      throw Problem.payloadTooLarge("A batch holds at most " + maxRequests + " sub-requests, got "
          + requests.size());
    }
    rejectControlCharacters(requests);
    List<SubRequest> parsed = new ArrayList<>(requests.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      SubRequest entry = entry(i, requests.getValue(i), outerHeaders);
      if (entry.id() != null && !ids.add(entry.id())) {
        throw Problem.validation(List.of(Problem.FieldError.of("/requests/" + i + "/id",
            "duplicate sub-request id '" + entry.id() + "'")));
      }
      parsed.add(entry);
    }
    checkDependencies(parsed, ids);
    return parsed;
  }

  /**
   * Ids, methods, paths, header names and values and {@code depends_on} ids are single-line
   * text: a C0 control character in any of them fails the batch with a 422 naming each field,
   * before anything runs (sub-request bodies are checked by their own routes).
   */
  private static void rejectControlCharacters(JsonArray requests) {
    Validation v = new Validation();
    for (int i = 0; i < requests.size(); i++) {
      if (!(requests.getValue(i) instanceof JsonObject e)) {
        continue;
      }
      String at = "/requests/" + i;
      for (String name : List.of("id", "method", "path")) {
        if (e.getValue(name) instanceof String s) {
          v.singleLine(at + "/" + name, name, s);
        }
      }
      if (e.getValue("headers") instanceof JsonObject headers) {
        for (Map.Entry<String, Object> h : headers) {
          if (v.singleLine(at + "/headers", "a header name", h.getKey())
              && h.getValue() instanceof String value) {
            v.singleLine(Validation.pointer(at + "/headers", h.getKey()),
                "header " + Requests.clip(h.getKey(), 64), value);
          }
        }
      }
      if (e.getValue("depends_on") instanceof JsonArray deps) {
        for (int d = 0; d < deps.size(); d++) {
          if (deps.getValue(d) instanceof String s) {
            v.singleLine(at + "/depends_on/" + d, "depends_on", s);
          }
        }
      }
    }
    v.throwIfInvalid();
  }

  private static SubRequest entry(int i, Object value, MultiMap outerHeaders) {
    String at = "/requests/" + i;
    if (!(value instanceof JsonObject e)) {
      return SubRequest.invalid(i, null, List.of(), Problem.badRequest(at
          + " must be an object with id, method and path"));
    }
    String id = e.getValue("id") instanceof String s && !s.isBlank() ? s : null;
    List<String> deps = dependsOn(e);
    List<String> errors = new ArrayList<>();
    if (id == null) {
      errors.add("id must be a non-empty string");
    } else if (id.length() > MAX_ID) {
      errors.add("id must be at most " + MAX_ID + " characters, was " + id.length());
    }
    e.fieldNames().stream().filter(key -> !ENTRY_KEYS.contains(key)).sorted()
        .limit(MAX_UNKNOWN_NAMED)
        .forEach(key -> errors.add("unknown member '" + Requests.clip(key, 64) + "'"));
    String method = e.getValue("method") instanceof String m ? m.toUpperCase(Locale.ROOT) : null;
    if (method == null || !METHODS.contains(method)) {
      errors.add("method must be one of " + String.join(", ", METHODS.stream().sorted().toList()));
    }
    String path = e.getValue("path") instanceof String p ? p : null;
    if (path != null && path.length() > MAX_PATH) {
      errors.add("path must be at most " + MAX_PATH + " characters, was " + path.length());
    } else if (path == null || !path.startsWith("/") || path.startsWith("//")) {
      errors.add("path must be an absolute path such as /api/products/1");
    }
    if (deps == null) {
      errors.add("depends_on must be an array of sub-request ids");
    }
    MultiMap headers = headers(e.getValue("headers"), outerHeaders, errors);
    String batchKey = outerHeaders.get(Idempotency.HEADER);
    if (batchKey != null && id != null && method != null && !method.equals("GET")
        && !method.equals("HEAD") && !headers.contains(Idempotency.HEADER)) {
      headers.set(Idempotency.HEADER, idempotencyKey(batchKey, id));
    }
    Buffer payload = payload(e, headers, errors);
    if (!errors.isEmpty()) {
      return SubRequest.invalid(i, id, deps == null ? List.of() : deps,
          Problem.badRequest("Invalid sub-request " + at + ": " + String.join("; ", errors)));
    }
    return new SubRequest(i, id, HttpMethod.valueOf(method), path, headers, payload, deps, null);
  }

  /**
   * The key of a write sub-request without its own in a batch sent with {@code batchKey}:
   * {@code <batchKey>/<id>} with {@code %}, {@code /} and {@code #} of the id percent-encoded,
   * or {@code <batchKey>/#<digest>} for an id that is long or not visible ASCII, so that a
   * retried batch replays its writes instead of running them again. A batch key too long to
   * take a suffix (it may be 255 characters itself) keeps its start and ends in
   * {@code /#<longer digest>} of the whole key and id, so the derived key is still a valid one.
   * Distinct pairs never derive one key: what follows the last {@code /} is the escaped id (no
   * {@code #}) or one of the two digests (a {@code #} and 16 or 32 hex digits), and all before
   * it is the batch key or, for the longer digest, part of what it hashes.
   */
  static String idempotencyKey(String batchKey, String id) {
    String plain = batchKey + "/" + escaped(id);
    if (plain.length() <= Idempotency.MAX_KEY_LENGTH && PLAIN_ID.matcher(id).matches()) {
      return plain;
    }
    byte[] digest = Sha256.of(id.getBytes(StandardCharsets.UTF_8));
    String hashed = batchKey + "/#" + HexFormat.of().formatHex(digest, 0, 8);
    if (hashed.length() <= Idempotency.MAX_KEY_LENGTH) {
      return hashed;
    }
    // The batch key is visible ASCII, so a line break separates it from the id unambiguously.
    byte[] both = Sha256.of((batchKey + "\n" + id).getBytes(StandardCharsets.UTF_8));
    String tail = "/#" + HexFormat.of().formatHex(both, 0, 16);
    return batchKey.substring(0, Idempotency.MAX_KEY_LENGTH - tail.length()) + tail;
  }

  /** {@code id} with {@code %}, {@code /} and {@code #} percent-encoded. */
  private static String escaped(String id) {
    if (id.indexOf('%') < 0 && id.indexOf('/') < 0 && id.indexOf('#') < 0) {
      return id;
    }
    return id.replace("%", "%25").replace("/", "%2F").replace("#", "%23");
  }

  private static List<String> dependsOn(JsonObject e) {
    Object raw = e.getValue("depends_on");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      return null;
    }
    List<String> deps = new ArrayList<>();
    for (Object d : array) {
      if (!(d instanceof String s)) {
        return null;
      }
      deps.add(s);
    }
    return deps;
  }

  private static MultiMap headers(Object raw, MultiMap outer, List<String> errors) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> h : outer) {
      if (!NOT_INHERITED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        headers.add(h.getKey(), h.getValue());
      }
    }
    if (raw == null) {
      return headers;
    }
    if (!(raw instanceof JsonObject own)) {
      errors.add("headers must be an object of strings");
      return headers;
    }
    for (Map.Entry<String, Object> h : own) {
      if (!HEADER_NAME.matcher(h.getKey()).matches()) {
        errors.add("header name '" + Requests.clip(h.getKey(), 64)
            + "' is not a valid HTTP field name");
      } else if (h.getValue() instanceof String v) {
        headers.set(h.getKey(), v);
      } else {
        errors.add("header '" + h.getKey() + "' must be a string");
      }
    }
    return headers;
  }

  /**
   * The sub-request's body: JSON is sent as JSON ({@code application/json} unless the headers
   * say otherwise), a string under another content type as its UTF-8 text, and a string with
   * {@code "body_encoding": "base64"} as the bytes it encodes ({@code application/octet-stream}
   * unless the headers say otherwise).
   */
  private static Buffer payload(JsonObject e, MultiMap headers, List<String> errors) {
    Object body = e.getValue("body");
    Object encoding = e.getValue("body_encoding");
    if (encoding != null) {
      if (!BASE64.equals(encoding)) {
        errors.add("body_encoding must be \"base64\"");
        return null;
      }
      if (!(body instanceof String text)) {
        errors.add("body must be a base64 string when body_encoding is base64");
        return null;
      }
      try {
        Buffer bytes = Buffer.buffer(Base64.getDecoder().decode(text));
        if (!headers.contains("Content-Type")) {
          headers.set("Content-Type", "application/octet-stream");
        }
        return bytes;
      } catch (IllegalArgumentException notBase64) {
        errors.add("body is not base64 (RFC 4648, with padding): " + notBase64.getMessage());
        return null;
      }
    }
    if (body == null) {
      return null;
    }
    if (!headers.contains("Content-Type")) {
      headers.set("Content-Type", "application/json");
    }
    boolean json = MediaTypes.isJson(headers.get("Content-Type"));
    return body instanceof String s && !json ? Buffer.buffer(s) : Json.encodeToBuffer(body);
  }

  /** Unknown dependencies make an entry invalid; a cycle fails the whole batch. */
  private static void checkDependencies(List<SubRequest> parsed, Set<String> ids) {
    Map<String, SubRequest> byId = new HashMap<>();
    for (int i = 0; i < parsed.size(); i++) {
      SubRequest r = parsed.get(i);
      for (String dep : r.dependsOn()) {
        if (!ids.contains(dep) || dep.equals(r.id())) {
          parsed.set(i, SubRequest.invalid(r.index(), r.id(), List.of(), Problem.badRequest(
              "Sub-request '" + r.id() + "' depends on " + (dep.equals(r.id()) ? "itself"
                  : "unknown id '" + Requests.clip(dep, 64) + "'"))));
          break;
        }
      }
      if (parsed.get(i).id() != null) {
        byId.put(parsed.get(i).id(), parsed.get(i));
      }
    }
    Map<String, Integer> state = new HashMap<>();
    for (String id : byId.keySet()) {
      visit(id, byId, state);
    }
  }

  private static void visit(String id, Map<String, SubRequest> byId, Map<String, Integer> state) {
    Integer s = state.get(id);
    if (s != null && s == 2) {
      return;
    }
    if (s != null) {
      throw Problem.validation(List.of(Problem.FieldError.of(
          "/requests/" + byId.get(id).index() + "/depends_on",
          "depends_on forms a cycle through '" + id + "'")));
    }
    state.put(id, 1);
    for (String dep : byId.get(id).dependsOn()) {
      visit(dep, byId, state);
    }
    state.put(id, 2);
  }
}
