package dev.brisk.http;

import dev.brisk.fields.Resource;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the generated API description says about one operation beyond its method, path and
 * access: a summary, its path, query and header parameters, the request body and the response,
 * either a declared {@link Resource} in a {@link Shape} or a JSON Schema. Resource endpoints fill
 * it in; a custom route is declared with one through {@link Routes#documented}.
 *
 * <p>{@code OperationDoc.summary("Place an order").withRequestBody(schema).withProblems(409, 422)}
 *
 * @param summary one line, or {@code null}
 * @param description longer text (CommonMark), or {@code null}
 * @param path the path parameters it types (the others are typed from the returned resource's
 *     field when it returns one resource, else strings)
 * @param query the query parameters
 * @param headers the request headers it reads (such as {@code If-Match}), as parameters
 * @param requestBody the JSON Schema of the request body, or {@code null} when it takes none
 * @param resource the resource the response carries, or {@code null}
 * @param shape how the response carries {@code resource}
 * @param responseSchema the JSON Schema of a successful response when it is not a resource, or
 *     {@code null}
 * @param problems statuses answered with a problem besides the ones every route may answer
 * @param status the status of a successful response (0 for 200)
 * @param requestMediaTypes the media types the request body may have (empty for JSON)
 * @param responseMediaTypes the media types a successful {@code responseSchema} response may
 *     have (empty for JSON)
 * @param responseHeaders headers a successful response carries besides the ones the framework
 *     adds (such as a write's new {@code ETag})
 * @param protobuf the protobuf message a response may carry instead of JSON
 *     ({@code application/x-protobuf}), or {@code null} when it offers none
 * @param requestExample an example request body, or {@code null}
 * @param responseExample an example successful response body, or {@code null}
 * @param responseAlternatives other media types a successful response may have, each with a
 *     schema of its own (such as an NDJSON form whose every line is one item), by media type
 */
public record OperationDoc(String summary, String description, List<ParameterDoc> path,
    List<ParameterDoc> query, List<ParameterDoc> headers, JsonObject requestBody,
    Resource resource, Shape shape, JsonObject responseSchema, List<Integer> problems, int status,
    List<String> requestMediaTypes, List<String> responseMediaTypes,
    List<ParameterDoc> responseHeaders, String protobuf, Object requestExample,
    Object responseExample, Map<String, JsonObject> responseAlternatives) {

  /** How a response carries its resource. */
  public enum Shape {
    /** No resource: see {@code responseSchema}. */
    NONE,
    /** One resource object. */
    ONE,
    /** The list envelope: {@code data}, {@code next_cursor}, {@code has_more}. */
    PAGE,
    /** A stream of resource objects (NDJSON, JSON array, SSE or delimited protobuf). */
    STREAM
  }

  /** Headers OpenAPI 3.1 ignores as {@code in: header} parameters. */
  private static final Set<String> DESCRIBED_ELSEWHERE = Set.of("accept", "content-type",
      "authorization");

  private static final List<String> JSON_ONLY = List.of(MediaTypes.JSON);
  private static final List<String> STREAM_TYPES = List.of("application/x-ndjson",
      MediaTypes.JSON, "text/event-stream");

  private static final JsonObject STRING = new JsonObject().put("type", "string");
  private static final ParameterDoc IF_MATCH = ParameterDoc.optional("If-Match", STRING,
      "The resource's ETag (from a GET or an earlier write): the change applies only while it "
          + "matches");
  private static final ParameterDoc IF_NONE_MATCH = ParameterDoc.optional("If-None-Match",
      STRING, "ETags (or *): the change applies only while none of them matches");
  private static final ParameterDoc NEW_ETAG = ParameterDoc.required("ETag", STRING,
      "The new representation's ETag (of the JSON or protobuf answered), for the next If-Match");

  /** Nothing said beyond method, path and access. */
  public static final OperationDoc NONE = new OperationDoc(null, null, List.of(), null, null,
      Shape.NONE, null, List.of());

  public OperationDoc {
    path = List.copyOf(path);
    query = List.copyOf(query);
    headers = List.copyOf(headers);
    for (ParameterDoc header : headers) {
      if (DESCRIBED_ELSEWHERE.contains(header.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header " + header.name() + " is described by the "
            + "operation itself, not as a parameter");
      }
    }
    problems = List.copyOf(problems);
    shape = shape == null ? Shape.NONE : shape;
    requestMediaTypes = List.copyOf(requestMediaTypes);
    responseMediaTypes = List.copyOf(responseMediaTypes);
    responseHeaders = List.copyOf(responseHeaders);
    responseAlternatives = Map.copyOf(responseAlternatives);
    if (status != 0 && (status < 200 || status > 299)) {
      throw new IllegalArgumentException("status must be 2xx, was " + status);
    }
  }

  /** The description with what the first components say and nothing more. */
  public OperationDoc(String summary, String description, List<ParameterDoc> query,
      JsonObject requestBody, Resource resource, Shape shape, JsonObject responseSchema,
      List<Integer> problems) {
    this(summary, description, List.of(), query, List.of(), requestBody, resource, shape,
        responseSchema, problems, 0, List.of(), List.of(), List.of(), null, null, null, Map.of());
  }

  /** An operation described by one line. */
  public static OperationDoc summary(String summary) {
    return NONE.withSummary(summary);
  }

  public OperationDoc withSummary(String text) {
    return new OperationDoc(text, description, path, query, headers, requestBody, resource,
        shape, responseSchema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  public OperationDoc withDescription(String text) {
    return new OperationDoc(summary, text, path, query, headers, requestBody, resource, shape,
        responseSchema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /**
   * Types path parameters, such as {@code Requests.pathIdDoc("id", "The user's id")} for an id
   * the handler reads with {@link Requests#pathId}; each must be in the route's path.
   */
  public OperationDoc withPath(ParameterDoc... parameters) {
    List<ParameterDoc> all = merged(path, parameters, false);
    return new OperationDoc(summary, description, all, query, headers, requestBody, resource,
        shape, responseSchema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /**
   * {@code existing} then {@code added}, one per name: an added parameter replaces one of the
   * same name (for headers, in any case), as OpenAPI wants parameters unique.
   */
  private static List<ParameterDoc> merged(List<ParameterDoc> existing, ParameterDoc[] added,
      boolean headers) {
    List<ParameterDoc> all = new ArrayList<>(existing);
    for (ParameterDoc parameter : added) {
      all.removeIf(p -> headers ? p.name().equalsIgnoreCase(parameter.name())
          : p.name().equals(parameter.name()));
      all.add(parameter);
    }
    return all;
  }

  /** Adds query parameters (one replaces an earlier one of its name). */
  public OperationDoc withQuery(ParameterDoc... parameters) {
    List<ParameterDoc> all = merged(query, parameters, false);
    return new OperationDoc(summary, description, path, all, headers, requestBody, resource,
        shape, responseSchema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /**
   * Adds request headers the operation reads, such as {@code If-Match} or
   * {@code Idempotency-Key}; not {@code Accept}, {@code Content-Type} or {@code Authorization},
   * which OpenAPI describes otherwise.
   */
  public OperationDoc withHeaders(ParameterDoc... parameters) {
    List<ParameterDoc> all = merged(headers, parameters, true);
    return new OperationDoc(summary, description, path, query, all, requestBody, resource,
        shape, responseSchema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /**
   * A conditional write of one resource, such as one {@link CachedWrites#update} performs: it
   * reads {@code If-Match} and {@code If-None-Match} (so {@link Routes} leaves them to the
   * handler instead of refusing every tag), answers 412 when they do not hold, and its success
   * carries the new representation's {@code ETag}.
   *
   * <p>{@code OperationDoc.summary("Change a product").withConditionalWrite().withProblems(422)}
   */
  public OperationDoc withConditionalWrite() {
    return withHeaders(IF_MATCH, IF_NONE_MATCH).withResponseHeaders(NEW_ETAG).withProblems(412);
  }

  /**
   * The request body's JSON Schema, written by hand; {@link #withRequestBody(BodySchema)} states
   * one from the declaration that also checks the body.
   */
  public OperationDoc withRequestBody(JsonObject schema) {
    return new OperationDoc(summary, description, path, query, headers, schema, resource, shape,
        responseSchema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /**
   * The request body is what {@code schema} validates:
   * {@code withRequestBody(ProductPatch.PATCH)} states the same limits the handler checks, and
   * the 422 its validation answers.
   */
  public OperationDoc withRequestBody(BodySchema schema) {
    return withRequestBody(schema.toJson()).withProblems(422);
  }

  /** The response carries {@code returned} in {@code as}. */
  public OperationDoc returns(Resource returned, Shape as) {
    return new OperationDoc(summary, description, path, query, headers, requestBody, returned,
        as, null, problems, status, requestMediaTypes, responseMediaTypes, responseHeaders,
        protobuf, requestExample, responseExample, responseAlternatives);
  }

  /** The response is described by a JSON Schema rather than a resource. */
  public OperationDoc returns(JsonObject schema) {
    return new OperationDoc(summary, description, path, query, headers, requestBody, null,
        Shape.NONE, schema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /** Adds statuses this operation answers with a problem. */
  public OperationDoc withProblems(Integer... statuses) {
    List<Integer> all = new ArrayList<>(problems);
    all.removeAll(List.of(statuses));
    all.addAll(List.of(statuses));
    return new OperationDoc(summary, description, path, query, headers, requestBody, resource,
        shape, responseSchema, all, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /** A successful response has this status ({@code 201} for a creation) instead of 200. */
  public OperationDoc withStatus(int successStatus) {
    return new OperationDoc(summary, description, path, query, headers, requestBody, resource,
        shape, responseSchema, problems, successStatus, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /**
   * The request body may have these media types instead of {@code application/json}, such as
   * {@code application/merge-patch+json} or {@code application/x-ndjson} (each with
   * {@link #requestBody}'s schema).
   */
  public OperationDoc withRequestMediaTypes(String... mediaTypes) {
    return new OperationDoc(summary, description, path, query, headers, requestBody, resource,
        shape, responseSchema, problems, status, List.of(mediaTypes), responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /**
   * A successful response has these media types instead of {@code application/json}, such as
   * {@code text/html} (each with {@link #responseSchema}'s schema).
   */
  public OperationDoc withResponseMediaTypes(String... mediaTypes) {
    return new OperationDoc(summary, description, path, query, headers, requestBody, resource,
        shape, responseSchema, problems, status, requestMediaTypes, List.of(mediaTypes),
        responseHeaders, protobuf, requestExample, responseExample, responseAlternatives);
  }

  /**
   * Adds headers a successful response carries that the framework does not add itself, such as
   * the {@code ETag} of a write's new representation ({@code required}: always sent).
   */
  public OperationDoc withResponseHeaders(ParameterDoc... parameters) {
    List<ParameterDoc> all = merged(responseHeaders, parameters, true);
    return new OperationDoc(summary, description, path, query, headers, requestBody, resource,
        shape, responseSchema, problems, status, requestMediaTypes, responseMediaTypes, all,
        protobuf, requestExample, responseExample, responseAlternatives);
  }

  /**
   * Adds {@code mediaType} as another form of the successful response, with its own
   * {@code schema} (for an NDJSON form, the schema of one line).
   */
  public OperationDoc withResponseAlternative(String mediaType, JsonObject schema) {
    Map<String, JsonObject> all = new HashMap<>(responseAlternatives);
    all.put(mediaType, schema);
    return new OperationDoc(summary, description, path, query, headers, requestBody, resource,
        shape, responseSchema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, requestExample, responseExample, all);
  }

  /**
   * A response may also be {@code application/x-protobuf}: message {@code message} (its full
   * name, such as {@code shop.Product}) from the app's {@code .proto} files.
   */
  public OperationDoc withProtobuf(String message) {
    return new OperationDoc(summary, description, path, query, headers, requestBody, resource,
        shape, responseSchema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, message, requestExample, responseExample, responseAlternatives);
  }

  /**
   * The media types a successful response may have, its default first; empty when it has no
   * body. The generated description lists these, and a write's {@code Accept} is checked against
   * them before its handler runs (406 when it allows none).
   */
  public List<String> responseTypes() {
    List<String> types = switch (shape) {
      case ONE, PAGE -> JSON_ONLY;
      case STREAM -> STREAM_TYPES;
      case NONE -> responseSchema == null ? List.of()
          : responseMediaTypes.isEmpty() ? JSON_ONLY : responseMediaTypes;
    };
    if (responseAlternatives.isEmpty() && protobuf == null) {
      return types;
    }
    Set<String> all = new LinkedHashSet<>(types);
    all.addAll(new TreeSet<>(responseAlternatives.keySet()));
    if (protobuf != null) {
      all.add(MediaTypes.PROTOBUF);
    }
    return List.copyOf(all);
  }

  /** Whether the operation lists request header {@code name} (any case) as one it reads. */
  public boolean readsHeader(String name) {
    return headers.stream().anyMatch(h -> h.name().equalsIgnoreCase(name));
  }

  /**
   * The media types the request body may have, as the generated description lists them: the
   * declared {@link #requestMediaTypes}, else {@code application/json} when a
   * {@link #requestBody} is declared; empty when the operation declares no body. A write is
   * refused 415 from its head when its {@code Content-Type} is none of these.
   */
  public List<String> consumes() {
    if (!requestMediaTypes.isEmpty()) {
      return requestMediaTypes;
    }
    return requestBody == null ? List.of() : JSON_ONLY;
  }

  /** Example bodies shown in the description: a request ({@code null} for none) and a reply. */
  public OperationDoc withExamples(Object request, Object response) {
    return new OperationDoc(summary, description, path, query, headers, requestBody, resource,
        shape, responseSchema, problems, status, requestMediaTypes, responseMediaTypes,
        responseHeaders, protobuf, request, response, responseAlternatives);
  }
}
