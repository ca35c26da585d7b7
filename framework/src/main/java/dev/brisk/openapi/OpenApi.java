package dev.brisk.openapi;

import dev.brisk.auth.Access;
import dev.brisk.cache.CachePolicy;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.ParameterDoc;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.RouteDeclaration;
import dev.brisk.http.Routes;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The app's OpenAPI 3.1 description, generated from its route declarations (and the resources
 * they return), never written by hand, and the API explorer that shows it: {@code GET
 * /openapi.json} (the unversioned routes; {@code ?version=v1} for one API version) and
 * {@code GET /docs} (Swagger UI from the classpath, no outside network). Both are open and
 * cacheable. Brisk serves them for every app unless {@code --openapi off}.
 *
 * <p>{@code OpenApi.serve(routes, OpenApiOptions.defaults().withTitle("Shop API"))} after the
 * app's routes are declared; runs on the verticle's event loop while it starts.
 */
public final class OpenApi {

  /** The description changes only with a deploy; a CDN may keep it a few minutes. */
  private static final CachePolicy POLICY = CachePolicy.publicFor(Duration.ofMinutes(5));

  private final Map<String, Buffer> documents = new LinkedHashMap<>();

  private OpenApi() {
  }

  /**
   * The description of the routes in {@code version} (such as {@code v1}), or of the
   * unversioned routes (framework routes and the current version's aliases) when null.
   * Runs on the caller's thread.
   */
  public static JsonObject describe(List<RouteDeclaration> routes, OpenApiOptions options,
      String version) {
    return Description.build(routes, options, version);
  }

  /**
   * Declares {@code GET /openapi.json}, {@code GET /docs} and the explorer's files on
   * {@code routes}, then generates every description from all routes declared so far (these
   * included). Does nothing when {@code options} are disabled.
   */
  public static void serve(Routes routes, OpenApiOptions options) {
    if (!options.enabled()) {
      return;
    }
    TreeSet<String> versions = new TreeSet<>();
    routes.declarations().stream().filter(r -> r.version() != null)
        .forEach(r -> versions.add(r.version().name()));
    OperationDoc doc = OperationDoc.summary("This API's OpenAPI 3.1 description")
        .returns(new JsonObject().put("type", "object")
            .put("description", "An OpenAPI 3.1 document"));
    OpenApi api = new OpenApi();
    // Only the versions served are taken (400 otherwise); without versions, none is.
    routes.documented(versions.isEmpty() ? doc
        : doc.withQuery(ParameterDoc.optional("version", new JsonObject().put("type", "string")
            .put("enum", new JsonArray(List.copyOf(versions))),
            "An API version; without it, the unversioned routes")))
        .get("/openapi.json", Access.open(), POLICY, api::document);
    Explorer explorer = new Explorer(options.title());
    explorer.register(routes, POLICY);
    List<RouteDeclaration> all = routes.declarations();
    api.documents.put("", describe(all, options, null).toBuffer());
    for (String version : versions) {
      api.documents.put(version, describe(all, options, version).toBuffer());
    }
    explorer.describe(new JsonArray(List.copyOf(versions)));
  }

  private Future<Reply> document(RoutingContext ctx) {
    String asked = Requests.single(ctx, "version");
    Buffer json = documents.get(asked == null ? "" : asked);
    if (json == null || "".equals(asked)) {
      throw Problem.invalidParameter("version", "version must be one of "
          + documents.keySet().stream().filter(v -> !v.isEmpty()).toList() + ", was '"
          + asked + "'");
    }
    return Future.succeededFuture(Reply.json(200, json));
  }
}
