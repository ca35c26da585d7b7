package dev.brisk.openapi;

import dev.brisk.auth.Access;
import dev.brisk.cache.CachePolicy;
import dev.brisk.cache.ETags;
import dev.brisk.http.Compression;
import dev.brisk.http.MediaTypes;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code GET /docs}: Swagger UI (the {@code org.webjars:swagger-ui} files on the classpath) over
 * {@code /openapi.json}, with a picker for each API version. Its files are read once per event
 * loop, asynchronously, and kept, each with its ETag and, once a client asks for a coding, its
 * body in that coding, compressed on a worker thread; the page loads nothing from outside the
 * app (no validator badge either). One per verticle; used on its event loop.
 */
final class Explorer {

  static final String SWAGGER_UI = "5.34.1";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI + "/";
  private static final String INITIALIZER = "swagger-initializer.js";
  private static final String HTML = "text/html; charset=utf-8";
  private static final Map<String, String> FILES = Map.of(
      "swagger-ui.css", "text/css; charset=utf-8",
      "index.css", "text/css; charset=utf-8",
      "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
      "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
      "favicon-32x32.png", "image/png",
      "favicon-16x16.png", "image/png");
  /** Swagger UI styles elements inline and shows data: images; nothing else is allowed. */
  private static final String CSP = "default-src 'self'; img-src 'self' data:; "
      + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
  /** The files change only with the webjar's version; the ETag revalidates them. */
  private static final CachePolicy FILE_POLICY = CachePolicy.publicFor(Duration.ofDays(1));

  private final String title;
  /** Files by name, and their coded bodies by name and coding ({@code name;br}). */
  private final Map<String, Future<Buffer>> files = new HashMap<>();
  private final Map<String, String> etags = new HashMap<>();
  private Buffer initializer;

  Explorer(String title) {
    this.title = title;
  }

  void register(Routes routes, CachePolicy policy) {
    routes.documented(OperationDoc
        .summary("The API explorer (Swagger UI): browse the description and try requests")
        .returns(new JsonObject().put("type", "string"))
        .withResponseMediaTypes(MediaTypes.essence(HTML)))
        .get("/docs", Access.open(), policy, this::page);
    routes.documented(OperationDoc
        .summary("A static file of the explorer: "
            + String.join(", ", new TreeSet<>(FILES.keySet())) + ", " + INITIALIZER)
        .returns(new JsonObject().put("type", "string")
            .put("description", "CSS, JavaScript or an image"))
        .withResponseMediaTypes(FILES.values().stream().map(MediaTypes::essence).distinct()
            .sorted().toArray(String[]::new))
        .withProblems(404))
        .get("/docs/:file", Access.open(), FILE_POLICY, this::file);
  }

  /** Sets the explorer's description picker: the unversioned description, then each version. */
  void describe(JsonArray versions) {
    JsonArray urls = new JsonArray().add(new JsonObject().put("url", "/openapi.json")
        .put("name", title));
    for (Object version : versions) {
      urls.add(new JsonObject().put("url", "/openapi.json?version=" + version)
          .put("name", title + " " + version));
    }
    JsonObject config = new JsonObject().put("urls", urls).put("dom_id", "#swagger-ui")
        .put("deepLinking", true).put("validatorUrl", (String) null)
        .put("persistAuthorization", false).put("tryItOutEnabled", false);
    initializer = Buffer.buffer("window.onload = function () {\n"
        + "  var config = " + config.encodePrettily() + ";\n"
        + "  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset];\n"
        + "  config.plugins = [SwaggerUIBundle.plugins.DownloadUrl];\n"
        + "  config.layout = \"StandaloneLayout\";\n"
        + "  window.ui = SwaggerUIBundle(config);\n};\n");
  }

  private Future<Reply> page(RoutingContext ctx) {
    String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n"
        + "<title>" + escape(title) + " - API explorer</title>\n"
        + "<link rel=\"stylesheet\" href=\"/docs/swagger-ui.css\">\n"
        + "<link rel=\"stylesheet\" href=\"/docs/index.css\">\n"
        + "<link rel=\"icon\" type=\"image/png\" href=\"/docs/favicon-32x32.png\">\n"
        + "</head>\n<body>\n<div id=\"swagger-ui\"></div>\n"
        + "<script src=\"/docs/swagger-ui-bundle.js\"></script>\n"
        + "<script src=\"/docs/swagger-ui-standalone-preset.js\"></script>\n"
        + "<script src=\"/docs/" + INITIALIZER + "\"></script>\n</body>\n</html>\n";
    return Future.succeededFuture(Reply.bytes(200, HTML, Buffer.buffer(html))
        .withHeader("Content-Security-Policy", CSP));
  }

  private Future<Reply> file(RoutingContext ctx) {
    String name = ctx.pathParam("file");
    if (name.equals(INITIALIZER)) {
      return Future.succeededFuture(Reply.bytes(200, "text/javascript; charset=utf-8",
          initializer));
    }
    String type = FILES.get(name);
    if (type == null) {
      return Future.failedFuture(Problem.notFound("The explorer has no file '" + name + "'"));
    }
    // Read once per event loop and kept; a failed read is retried by the next request.
    return kept(name, () -> ctx.vertx().fileSystem().readFile(WEBJAR + name)
            .onSuccess(body -> etags.put(name, ETags.of(body))))
        .compose(body -> {
          String coding = body.length() < Compression.MIN_BYTES || !Compression.compressible(type)
              ? null : Compression.negotiate(Requests.headerList(ctx, "Accept-Encoding"));
          Reply plain = Reply.bytes(200, type, body).withHeader("ETag", etags.get(name));
          if (coding == null) {
            return Future.succeededFuture(plain);
          }
          // Compressed once per coding, on a worker: brotli took the bundle (1.4 MB) 230 ms on
          // the event loop, for every request, stalling all the others it serves meanwhile.
          return kept(name + ";" + coding, () -> ctx.vertx().executeBlocking(
                  () -> Compression.compress(coding, body), false))
              .map(coded -> Reply.bytes(200, type, coded).withHeader("ETag", etags.get(name))
                  .withHeader("Content-Encoding", coding));
        });
  }

  /** What {@code load} gives for {@code key}, loaded once; a failure is retried next time. */
  private Future<Buffer> kept(String key, Supplier<Future<Buffer>> load) {
    return files.computeIfAbsent(key, k -> load.get().onFailure(e -> files.remove(k)));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
