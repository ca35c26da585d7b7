package dev.brisk.docs;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.http.ApiVersion;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Two versions of one route: v1 deprecated with a sunset, v2 current (and at /api/...). */
public final class VersionsExample implements BriskApp {

  static final Instant DEPRECATED = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant SUNSET = Instant.parse("2027-06-30T23:59:59Z");

  @Override
  public void routes(Routes routes, BriskContext context) {
    // region versions
    Routes v1 = routes.version(ApiVersion.deprecated("v1", DEPRECATED, SUNSET, "v2"));
    v1.get("/api/greeting", Access.open(), ctx -> Future.succeededFuture(
        Reply.ok(new JsonObject().put("text", "hello"))));
    Routes v2 = routes.version(ApiVersion.current("v2"));
    v2.documented(OperationDoc.summary("A greeting")
            .withExamples(null, new JsonObject().put("text", "hello").put("lang", "en")))
        .get("/api/greeting", Access.open(), ctx -> Future.succeededFuture(
            Reply.ok(new JsonObject().put("text", "hello").put("lang", "en"))));
    // endregion versions
    v1.get("/api/secret", Access.authenticated(), ctx -> Future.succeededFuture(
        Reply.ok(new JsonObject())));
    v1.post("/api/echo", Access.open(), ctx -> Future.succeededFuture(
        Reply.ok(ctx.body().asJsonObject())));
  }
}
