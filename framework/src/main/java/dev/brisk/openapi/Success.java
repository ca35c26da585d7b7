package dev.brisk.openapi;

import dev.brisk.http.Idempotency;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.ParameterDoc;
import dev.brisk.http.RouteDeclaration;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeMap;

/** The successful response of one operation: its content by shape, and its headers. */
final class Success {

  private static final String JSON = "application/json";
  private static final String PROTOBUF = "application/x-protobuf";

  private Success() {
  }

  /**
   * Whether the route answers its successful reads with an {@code ETag}, a matching
   * {@code If-None-Match} with 304 and an {@code If-Match} naming no current tag with 412: a
   * {@code GET} whose 200 has a body, of an endpoint (the framework writes its replies) or of a
   * raw handler whose doc lists the {@code ETag} it sends (one that ends its responses through
   * the framework's validation, such as {@code /health/ready}).
   */
  static boolean isValidated(RouteDeclaration route) {
    OperationDoc doc = route.doc();
    return route.method() == HttpMethod.GET && (doc.status() == 0 || doc.status() == 200)
        && hasContent(doc) && (route.endpoint() || doc.responseHeaders().stream()
            .anyMatch(h -> h.name().equalsIgnoreCase("ETag")));
  }

  /**
   * Whether the route is a {@code GET} streaming a resource: its preconditions are evaluated
   * against a representation without a tag ({@code If-None-Match: *} answers 304, an
   * {@code If-Match} other than {@code *} 412), before a row is read.
   */
  static boolean isStream(RouteDeclaration route) {
    return route.method() == HttpMethod.GET && route.doc().shape() == OperationDoc.Shape.STREAM;
  }

  /** Whether the documented successful response has a body. */
  static boolean hasContent(OperationDoc doc) {
    return !doc.responseTypes().isEmpty();
  }

  static JsonObject of(RouteDeclaration route, Schemas schemas) {
    OperationDoc doc = route.doc();
    // The status's reason phrase: "No Content" for a 204, "Accepted" for a 202.
    JsonObject response = new JsonObject().put("description",
        HttpResponseStatus.valueOf(doc.status() == 0 ? 200 : doc.status()).reasonPhrase());
    JsonObject content = content(doc, schemas);
    if (doc.responseExample() != null && content.containsKey(JSON)) {
      content.getJsonObject(JSON).put("example", doc.responseExample());
    }
    if (!content.isEmpty()) {
      response.put("content", content);
    }
    return response.put("headers", headers(route));
  }

  private static JsonObject content(OperationDoc doc, Schemas schemas) {
    JsonObject content = new JsonObject();
    switch (doc.shape()) {
      case ONE -> content.put(JSON, schema(schemas.ref(doc.resource())));
      case PAGE -> content.put(JSON, schema(schemas.page(doc.resource())));
      case STREAM -> content
          .put("application/x-ndjson", schema(schemas.ref(doc.resource()))
              .put("x-brisk-item", "one JSON object per line; a failure after the stream "
                  + "started ends it with a last line {\"error\": <problem>}"))
          .put(JSON, schema(new JsonObject().put("type", "array")
              .put("items", schemas.ref(doc.resource()))))
          .put("text/event-stream", schema(new JsonObject().put("type", "string")
              .put("description", "Server-sent events: one `event: " + doc.resource().name()
                  + "` per item, its id: resumable with Last-Event-ID; `event: heartbeat` "
                  + "while idle; `event: end` with {\"count\": n} last, or `event: error` "
                  + "with the problem when it fails after it started")));
      default -> {
        if (doc.responseSchema() != null) {
          List<String> types = doc.responseMediaTypes().isEmpty() ? List.of(JSON)
              : doc.responseMediaTypes();
          types.forEach(type -> content.put(type, schema(doc.responseSchema().copy())));
        }
      }
    }
    // Sorted: the document's bytes (and its ETag) must not depend on map iteration order.
    new TreeMap<>(doc.responseAlternatives()).forEach((type, alternative) ->
        content.put(type, schema(alternative.copy())));
    if (doc.protobuf() != null) {
      content.put(PROTOBUF, schema(new JsonObject().put("type", "string")
          .put("contentMediaType", PROTOBUF)
          .put("description", "Protobuf message " + doc.protobuf()
              + (doc.shape() == OperationDoc.Shape.STREAM ? ", length-delimited" : "")))
          .put("x-protobuf-message", doc.protobuf()));
    }
    return content;
  }

  private static JsonObject headers(RouteDeclaration route) {
    JsonObject headers = Responses.everyAnswer(new JsonObject());
    if (route.rateLimited()) {
      headers.put("RateLimit", Responses.header("RateLimit"))
          .put("RateLimit-Policy", Responses.header("RateLimit-Policy"));
    }
    if (isValidated(route)) {
      headers.put("ETag", Responses.header("ETag"));
    }
    if (route.endpoint() || !route.access().isOpen()) {
      // The framework sets it on every reply it writes (ReplyWriter), and on every answer that
      // depends on the caller (AccessGuard); raw handlers of open routes list their own.
      headers.put("Cache-Control", Responses.header("Cache-Control"));
    }
    if (route.doc().shape() == OperationDoc.Shape.PAGE
        || route.version() != null && !route.version().isCurrent()) {
      headers.put("Link", Responses.header("Link"));
    }
    if (route.version() != null && !route.version().isCurrent()) {
      headers.put("Deprecation", Responses.header("Deprecation"));
      if (route.version().sunsetAt() != null) {
        headers.put("Sunset", Responses.header("Sunset"));
      }
    }
    if (route.doc().status() == 201) {
      headers.put("Location", Responses.header("Location"));
    }
    if (route.doc().headers().contains(Idempotency.PARAMETER)) {
      headers.put(Idempotency.REPLAYED.name(), header(Idempotency.REPLAYED));
    }
    for (ParameterDoc h : route.doc().responseHeaders()) {
      headers.put(h.name(), header(h));
    }
    return headers;
  }

  /** The response header {@code h} describes. */
  static JsonObject header(ParameterDoc h) {
    JsonObject header = new JsonObject().put("schema", h.schema()).put("required", h.required());
    return h.description() == null ? header : header.put("description", h.description());
  }

  private static JsonObject schema(JsonObject schema) {
    return new JsonObject().put("schema", schema);
  }
}
