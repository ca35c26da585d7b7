package dev.brisk.openapi;

import dev.brisk.auth.Access;
import dev.brisk.fields.Field;
import dev.brisk.http.ApiVersion;
import dev.brisk.http.Idempotency;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.OperationDoc.Shape;
import dev.brisk.http.ParameterDoc;
import dev.brisk.http.RouteDeclaration;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenAPI 3.1 document built from route declarations: the routes of one API version, or the
 * unversioned ones. Built once on the caller's thread; not reusable.
 */
final class Description {

  static final String SCHEME = "ApiKey";
  static final String BEARER = "Bearer";
  private static final Pattern PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
  /** The liveness probe: answered without looking its caller up, so never 401. */
  private static final String LIVENESS = "/health/live";
  private static final Set<String> FRAMEWORK = Set.of("/health/live", "/health/ready",
      "/metrics", "/openapi.json", "/docs", "/docs/:file");
  private static final Set<HttpMethod> BODY = Set.of(HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH);
  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);
  /** What every read that answers with an {@code ETag} honours. */
  private static final ParameterDoc IF_NONE_MATCH = ParameterDoc.optional("If-None-Match",
      new JsonObject().put("type", "string"), "ETags from earlier responses: while one still "
          + "matches, the answer is 304 with no body");
  /** What every read that answers with an {@code ETag} checks before it is performed. */
  private static final ParameterDoc IF_MATCH = ParameterDoc.optional("If-Match",
      new JsonObject().put("type", "string"), "ETags of the representation: when none is its "
          + "current one (a weak W/ tag never is), the answer is 412 and the read is not "
          + "performed");

  /** A stream has no tag: only {@code *} applies (StreamPump). */
  private static final ParameterDoc STREAM_IF_NONE_MATCH = ParameterDoc.optional("If-None-Match",
      new JsonObject().put("type", "string"), "A stream has no ETag: only * applies, answered "
          + "304 with no body");
  private static final ParameterDoc STREAM_IF_MATCH = ParameterDoc.optional("If-Match",
      new JsonObject().put("type", "string"), "A stream has no ETag: only * holds; any tag is "
          + "answered 412 before a row is read");

  /** A write that does not read its preconditions itself (Routes: preconditionsHold). */
  private static final ParameterDoc WRITE_IF_MATCH = ParameterDoc.optional("If-Match",
      new JsonObject().put("type", "string"), "This operation compares no ETag: only * holds; "
          + "any tag is answered 412 before it runs");
  private static final ParameterDoc WRITE_IF_NONE_MATCH = ParameterDoc.optional("If-None-Match",
      new JsonObject().put("type", "string"), "* is answered 412 before the operation runs: "
          + "this path always has a representation");
  /** A write on a literal path no GET reads: it has no representation. */
  private static final ParameterDoc UNREAD_IF_MATCH = ParameterDoc.optional("If-Match",
      new JsonObject().put("type", "string"), "This path has no representation (it cannot be "
          + "read): any If-Match, * included, is answered 412 before the operation runs");

  private final OpenApiOptions options;
  private final String version;
  private final Schemas schemas = new Schemas();
  private final Responses responses = new Responses();
  private final Set<String> operationIds = new HashSet<>();

  private Description(OpenApiOptions options, String version) {
    this.options = options;
    this.version = version;
  }

  /** The description of {@code version}'s routes, or of the unversioned ones when null. */
  static JsonObject build(List<RouteDeclaration> routes, OpenApiOptions options,
      String version) {
    return new Description(options, version).document(routes);
  }

  /** Whether {@code route} belongs to the description of {@code version} (null: unversioned). */
  static boolean belongs(RouteDeclaration route, String version) {
    return version == null ? route.version() == null
        : route.version() != null && route.version().name().equals(version);
  }

  private JsonObject document(List<RouteDeclaration> routes) {
    JsonObject paths = new JsonObject();
    ApiVersion described = null;
    boolean rateLimited = false;
    Set<Integer> replayed = new TreeSet<>();
    // The app's routes first: the explorer lists tags in the order they first appear.
    List<RouteDeclaration> ordered = new ArrayList<>(routes);
    ordered.sort(Comparator.comparing(route -> FRAMEWORK.contains(route.path())));
    for (RouteDeclaration route : ordered) {
      if (!belongs(route, version) || foldedHead(route, routes)) {
        continue;
      }
      described = route.version();
      rateLimited |= route.rateLimited();
      if (route.doc().headers().contains(Idempotency.PARAMETER)) {
        route.doc().problems().stream().filter(Idempotency::isRecorded).forEach(replayed::add);
      }
      String template = PARAM.matcher(route.path()).replaceAll("{$1}");
      JsonObject item = paths.getJsonObject(template);
      if (item == null) {
        item = new JsonObject();
        paths.put(template, item);
      }
      item.put(route.method().name().toLowerCase(Locale.ROOT), operation(route, routes));
    }
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", info(described))
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("schemas", schemas.components())
            .put("responses", responses.components(rateLimited, replayed, described))
            .put("headers", Responses.headers())
            .put("securitySchemes", securitySchemes()));
  }

  private JsonObject securitySchemes() {
    JsonObject schemes = new JsonObject().put(SCHEME, new JsonObject()
        .put("type", "apiKey").put("in", "header").put("name", "X-API-Key")
        .put("description", "An API key; without one a call is anonymous (lowest "
            + "rate limits, open routes only)"));
    if (options.bearerTokens()) {
      schemes.put(BEARER, new JsonObject().put("type", "http").put("scheme", "bearer")
          .put("bearerFormat", "JWT").put("description", "A signed JWT with an exp claim; "
              + "sub names the user and a claim the tier. X-API-Key wins when both are sent"));
    }
    return schemes;
  }

  /** A HEAD route is its GET's: the description shows the GET alone. */
  private static boolean foldedHead(RouteDeclaration route, List<RouteDeclaration> routes) {
    return route.method() == HttpMethod.HEAD && routes.stream().anyMatch(other ->
        other.method() == HttpMethod.GET && other.path().equals(route.path()));
  }

  private JsonObject info(ApiVersion described) {
    JsonObject info = new JsonObject().put("title", options.title())
        .put("version", version == null ? options.version() : version);
    String text = options.description();
    if (described != null && !described.isCurrent()) {
      String notice = "Version " + version + " is deprecated; use " + described.successor()
          + (described.sunsetAt() == null ? "." : ". It is removed after "
          + described.sunsetAt() + ".");
      text = text == null ? notice : notice + "\n\n" + text;
    }
    return text == null ? info : info.put("description", text);
  }

  /** {@code route}'s operation; {@code routes} are all of them, to tell what can be read. */
  private JsonObject operation(RouteDeclaration route, List<RouteDeclaration> routes) {
    OperationDoc doc = route.doc();
    JsonObject op = new JsonObject().put("operationId", operationId(route))
        .put("tags", new JsonArray().add(tag(route)));
    putIfPresent(op, "summary", doc.summary());
    putIfPresent(op, "description", doc.description());
    if (route.version() != null && !route.version().isCurrent()) {
      op.put("deprecated", true);
    }
    JsonArray parameters = parameters(route, routes);
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    if (doc.requestBody() != null || BODY.contains(route.method())) {
      op.put("requestBody", requestBody(doc));
    }
    op.put("responses", responses(route));
    op.put("security", security(route.access()));
    return op.put("x-brisk-access", route.access().toString());
  }

  private JsonArray parameters(RouteDeclaration route, List<RouteDeclaration> routes) {
    JsonArray parameters = new JsonArray();
    Matcher m = PARAM.matcher(route.path());
    while (m.find()) {
      String name = m.group(1);
      ParameterDoc typed = route.doc().path().stream().filter(p -> p.name().equals(name))
          .findFirst().orElse(null);
      parameters.add(typed != null ? parameter(typed, "path").put("required", true)
          : new JsonObject().put("name", name).put("in", "path").put("required", true)
              .put("schema", pathSchema(route, name)));
    }
    for (ParameterDoc p : route.doc().query()) {
      parameters.add(parameter(p, "query"));
    }
    for (ParameterDoc p : route.doc().headers()) {
      parameters.add(parameter(p, "header"));
    }
    List<ParameterDoc> preconditions = Success.isValidated(route)
        ? List.of(IF_NONE_MATCH, IF_MATCH) : Success.isStream(route)
        ? List.of(STREAM_IF_NONE_MATCH, STREAM_IF_MATCH) : READS.contains(route.method())
        ? List.of() : !route.hasLiteralPath() ? List.of(WRITE_IF_MATCH)
        : route.hasRepresentation(routes) ? List.of(WRITE_IF_NONE_MATCH, WRITE_IF_MATCH)
        : List.of(UNREAD_IF_MATCH);
    for (ParameterDoc validator : preconditions) {
      if (!route.doc().readsHeader(validator.name())) {
        parameters.add(parameter(validator, "header"));
      }
    }
    return parameters;
  }

  private static JsonObject parameter(ParameterDoc p, String in) {
    JsonObject parameter = new JsonObject().put("name", p.name()).put("in", in)
        .put("required", p.required()).put("schema", p.schema());
    putIfPresent(parameter, "description", p.description());
    return parameter;
  }

  /** A one-resource route's {@code :id} has the type of the resource's {@code id} field. */
  private static JsonObject pathSchema(RouteDeclaration route, String name) {
    OperationDoc doc = route.doc();
    Field field = doc.resource() == null || doc.shape() != Shape.ONE ? null
        : doc.resource().field(name);
    return field == null ? new JsonObject().put("type", "string") : Schemas.of(field.type());
  }

  private static JsonObject requestBody(OperationDoc doc) {
    JsonObject schema = doc.requestBody() == null ? new JsonObject() : doc.requestBody();
    List<String> types = doc.requestMediaTypes().isEmpty() ? List.of("application/json")
        : doc.requestMediaTypes();
    JsonObject content = new JsonObject();
    for (String type : types) {
      JsonObject media = new JsonObject().put("schema", schema.copy());
      if (doc.requestExample() != null) {
        media.put("example", doc.requestExample());
      }
      content.put(type, media);
    }
    return new JsonObject().put("required", true).put("content", content);
  }

  private JsonObject responses(RouteDeclaration route) {
    OperationDoc doc = route.doc();
    JsonObject all = new JsonObject();
    int status = doc.status() == 0 ? 200 : doc.status();
    all.put(Integer.toString(status), Success.of(route, schemas));
    if (Success.isValidated(route) || Success.isStream(route)) {
      all.put("304", responses.notModified());
    }
    for (int problem : problemStatuses(route)) {
      all.put(Integer.toString(problem), problem == 415
          ? responses.unsupportedMediaType(route.method()) : responses.ref(problem));
    }
    return all.put("default", responses.ref(0));
  }

  /**
   * Statuses the route answers with a problem: from its access, inputs, limits, how it replies
   * and its doc.
   */
  private static Set<Integer> problemStatuses(RouteDeclaration route) {
    Set<Integer> statuses = new TreeSet<>(route.doc().problems());
    Access access = route.access();
    // An unknown key is refused on every route, open ones included, but liveness, which never
    // looks its caller up.
    if (!route.path().equals(LIVENESS)) {
      statuses.add(401);
    }
    if (access.tier() != null && !access.isOwnerScoped()) {
      statuses.add(403);
    }
    if (access.isOwnerScoped() || route.path().contains(":")) {
      statuses.add(404);
    }
    // Every route: a malformed request target (percent-encoding, a control character in the
    // query) or a malformed Accept or Content-Type is refused before any handler (RequestGate).
    statuses.add(400);
    if ((route.endpoint() || !READS.contains(route.method()))
        && Success.hasContent(route.doc())) {
      // The framework writes the reply, or checks a write's Accept before it runs: an Accept it
      // cannot satisfy is refused.
      statuses.add(406);
    }
    if (Success.isValidated(route) || Success.isStream(route)
        || !READS.contains(route.method())) {
      // An If-Match naming no current tag (ReplyWriter), any tag for a stream (StreamPump) or
      // for a write that compares none (Routes).
      statuses.add(412);
    }
    if (BODY.contains(route.method())) {
      // A body still arriving at the request deadline is the client's delay (RequestPipeline).
      statuses.add(408);
      statuses.add(413);
      statuses.add(415);
      if (route.endpoint()) {
        // Its body is buffered by vertx-web's body handler, which refuses an Expect other than
        // 100-continue; a raw handler reads its own body and lists what it refuses.
        statuses.add(417);
      }
    }
    if (route.rateLimited()) {
      statuses.add(429);
    }
    statuses.add(503);
    // Every request has a deadline (RequestPipeline), a long-running route's included.
    statuses.add(504);
    return statuses;
  }

  /**
   * Open routes need no credential (one raises the caller's limits); others need one, an API key
   * or, when configured, a bearer token.
   */
  private JsonArray security(Access access) {
    JsonArray any = new JsonArray().add(new JsonObject().put(SCHEME, new JsonArray()));
    if (options.bearerTokens()) {
      any.add(new JsonObject().put(BEARER, new JsonArray()));
    }
    return access.isOpen() ? new JsonArray().add(new JsonObject()).addAll(any) : any;
  }

  private String operationId(RouteDeclaration route) {
    StringBuilder id = new StringBuilder(route.method().name().toLowerCase(Locale.ROOT));
    for (String segment : route.path().split("/")) {
      if (segment.startsWith(":")) {
        id.append("By").append(capitalized(segment.substring(1)));
      } else {
        for (String word : segment.split("[^A-Za-z0-9]+")) {
          id.append(capitalized(word));
        }
      }
    }
    String unique = id.toString();
    for (int n = 2; !operationIds.add(unique); n++) {
      unique = id + "_" + n;
    }
    return unique;
  }

  /** The first segment after the version mount or {@code /api}: {@code products}. */
  private static String tag(RouteDeclaration route) {
    String path = route.path();
    if (route.version() != null) {
      ApiVersion v = route.version();
      path = v.base() + path.substring(v.base().length() + v.name().length() + 1);
    }
    String[] segments = path.replaceFirst("^/", "").split("/");
    String tag = segments[0].equals("api") && segments.length > 1 ? segments[1] : segments[0];
    return tag.replaceFirst("\\.json$", "");
  }

  private static String capitalized(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static void putIfPresent(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
