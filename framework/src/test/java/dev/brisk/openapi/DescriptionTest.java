package dev.brisk.openapi;

import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.auth.Access;
import dev.brisk.auth.OwnerCheck;
import dev.brisk.fields.Resource;
import dev.brisk.http.ApiVersion;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.OperationDoc.Shape;
import dev.brisk.http.ParameterDoc;
import dev.brisk.http.Requests;
import dev.brisk.http.RouteDeclaration;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DescriptionTest {

  private static final Resource ITEM = Resource.builder("item", "items", "i")
      .field("sku", "sku", TEXT).field("quantity", "quantity", INT).build();
  private static final Resource ORDER = Resource.builder("order", "orders", "o")
      .field("id", "id", LONG).field("created_at", "created_at", TIMESTAMP)
      .embedMany("items", ITEM, "order_id").build();
  /** Another resource with the same name as ORDER: its schema must not replace ORDER's. */
  private static final Resource OTHER_ORDER = Resource.builder("order", "archive", "a")
      .field("id", "id", LONG).build();

  private static JsonObject describe(List<RouteDeclaration> routes, String version) {
    return OpenApi.describe(routes, OpenApiOptions.defaults().withTitle("T"), version);
  }

  private static RouteDeclaration route(HttpMethod method, String path, Access access,
      OperationDoc doc) {
    return new RouteDeclaration(method, path, access, doc, null, true, true);
  }

  @Test
  void folds_head_into_get_and_templates_path_parameters() {
    OperationDoc one = OperationDoc.summary("One order").returns(ORDER, Shape.ONE);
    JsonObject paths = describe(List.of(
        route(HttpMethod.HEAD, "/api/orders/:id", Access.open(), one),
        route(HttpMethod.GET, "/api/orders/:id", Access.open(), one)), null)
        .getJsonObject("paths");
    assertThat(paths.fieldNames()).containsExactly("/api/orders/{id}");
    JsonObject get = paths.getJsonObject("/api/orders/{id}").getJsonObject("get");
    assertThat(paths.getJsonObject("/api/orders/{id}").fieldNames()).containsExactly("get");
    assertThat(get.getString("operationId")).isEqualTo("getApiOrdersById");
    assertThat(get.getJsonArray("tags").getString(0)).isEqualTo("orders");
    JsonObject id = get.getJsonArray("parameters").getJsonObject(0);
    assertThat(id.getString("in")).isEqualTo("path");
    assertThat(id.getJsonObject("schema").getString("type")).isEqualTo("integer");
  }

  @Test
  void resource_schemas_reference_embeds_and_keep_same_named_resources_apart() {
    JsonObject doc = describe(List.of(
        route(HttpMethod.GET, "/api/orders", Access.open(), OperationDoc.NONE
            .returns(ORDER, Shape.PAGE)),
        route(HttpMethod.GET, "/api/archive/:id", Access.open(), OperationDoc.NONE
            .returns(OTHER_ORDER, Shape.ONE))), null);
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    assertThat(schemas.fieldNames()).contains("order", "item", "order_2", "Page", "Problem");
    JsonObject order = schemas.getJsonObject("order").getJsonObject("properties");
    assertThat(order.getJsonObject("items").getJsonObject("items").getString("$ref"))
        .isEqualTo("#/components/schemas/item");
    assertThat(order.getJsonObject("items_has_more").getString("type")).isEqualTo("boolean");
    assertThat(order.getJsonObject("created_at").getString("format")).isEqualTo("date-time");
    assertThat(schemas.getJsonObject("order").getString("description")).startsWith("An order. ");
    assertThat(schemas.getJsonObject("item").getString("description")).startsWith("An item. ");
    JsonObject list = doc.getJsonObject("paths").getJsonObject("/api/orders")
        .getJsonObject("get").getJsonObject("responses").getJsonObject("200");
    assertThat(list.getJsonObject("content").getJsonObject("application/json")
        .getJsonObject("schema").getJsonObject("properties").getJsonObject("page")
        .getString("$ref")).isEqualTo("#/components/schemas/Page");
    assertThat(list.getJsonObject("headers").fieldNames()).contains("Link", "RateLimit");
  }

  @Test
  void security_and_problems_follow_the_declared_access() {
    JsonObject paths = describe(List.of(
        route(HttpMethod.GET, "/api/open", Access.open(), OperationDoc.NONE),
        route(HttpMethod.PATCH, "/api/things/:id", Access.tier("internal"), OperationDoc.NONE
            .withQuery(ParameterDoc.optional("dry_run", new JsonObject().put("type",
                "boolean"), null)).withProblems(412)),
        route(HttpMethod.GET, "/api/users/:id", Access.ownerOr("internal",
            OwnerCheck.pathParam("id")), OperationDoc.NONE)), null).getJsonObject("paths");
    JsonObject open = paths.getJsonObject("/api/open").getJsonObject("get");
    assertThat(open.getJsonArray("security").getJsonObject(0).isEmpty()).isTrue();
    // 400 too: a malformed query or Accept is refused on every route, one without parameters
    // included.
    assertThat(open.getJsonObject("responses").fieldNames())
        .containsExactlyInAnyOrder("200", "400", "401", "429", "503", "504", "default");
    JsonObject patch = paths.getJsonObject("/api/things/{id}").getJsonObject("patch");
    assertThat(patch.getJsonArray("security").getJsonObject(0).containsKey("ApiKey")).isTrue();
    assertThat(patch.getJsonArray("security")).hasSize(1);
    assertThat(patch.getJsonObject("responses").fieldNames()).contains("400", "403", "404",
        "408", "412", "413", "415").doesNotContain("422");
    assertThat(patch.getJsonObject("requestBody").getJsonObject("content").fieldNames())
        .containsExactly("application/json");
    assertThat(patch.getString("x-brisk-access")).isEqualTo("tier >= internal");
    JsonObject owned = paths.getJsonObject("/api/users/{id}").getJsonObject("get");
    assertThat(owned.getJsonObject("responses").fieldNames()).contains("404")
        .doesNotContain("403");
  }

  @Test
  void bearer_tokens_are_offered_beside_api_keys_only_when_configured() {
    List<RouteDeclaration> routes = List.of(
        route(HttpMethod.GET, "/api/open", Access.open(), OperationDoc.NONE),
        route(HttpMethod.GET, "/api/me", Access.authenticated(), OperationDoc.NONE));
    JsonObject keysOnly = describe(routes, null);
    assertThat(keysOnly.getJsonObject("components").getJsonObject("securitySchemes")
        .fieldNames()).containsExactly("ApiKey");

    JsonObject both = OpenApi.describe(routes,
        OpenApiOptions.defaults().withTitle("T").withBearerTokens(true), null);
    JsonObject bearer = both.getJsonObject("components").getJsonObject("securitySchemes")
        .getJsonObject("Bearer");
    assertThat(bearer.getString("type")).isEqualTo("http");
    assertThat(bearer.getString("scheme")).isEqualTo("bearer");
    assertThat(bearer.getString("bearerFormat")).isEqualTo("JWT");
    JsonObject paths = both.getJsonObject("paths");
    // Alternatives: either credential satisfies a route that needs one.
    assertThat(paths.getJsonObject("/api/me").getJsonObject("get").getJsonArray("security"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("ApiKey", new JsonArray()))
            .add(new JsonObject().put("Bearer", new JsonArray())));
    assertThat(paths.getJsonObject("/api/open").getJsonObject("get").getJsonArray("security"))
        .hasSize(3);
  }

  @Test
  void documented_headers_are_header_parameters_after_path_and_query() {
    JsonObject string = new JsonObject().put("type", "string");
    OperationDoc doc = OperationDoc.NONE
        .withQuery(ParameterDoc.optional("dry_run", new JsonObject().put("type", "boolean"),
            null))
        .withHeaders(ParameterDoc.optional("If-Match", string, "The thing's ETag"),
            ParameterDoc.required("Idempotency-Key", string, null));
    JsonObject patch = describe(List.of(route(HttpMethod.PATCH, "/api/things/:id",
        Access.tier("internal"), doc)), null).getJsonObject("paths")
        .getJsonObject("/api/things/{id}").getJsonObject("patch");

    JsonArray parameters = patch.getJsonArray("parameters");
    assertThat(parameters.stream().map(p -> ((JsonObject) p).getString("in")))
        .containsExactly("path", "query", "header", "header");
    assertThat(parameters.getJsonObject(2)).isEqualTo(new JsonObject().put("name", "If-Match")
        .put("in", "header").put("required", false).put("schema", string)
        .put("description", "The thing's ETag"));
    assertThat(parameters.getJsonObject(3).getString("name")).isEqualTo("Idempotency-Key");
    assertThat(parameters.getJsonObject(3).getBoolean("required")).isTrue();
  }

  @Test
  void headers_openapi_describes_otherwise_are_refused() {
    assertThatThrownBy(() -> OperationDoc.NONE.withHeaders(ParameterDoc.optional("content-type",
        new JsonObject(), null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content-type");
  }

  @Test
  void endpoint_reads_document_304_if_none_match_and_406_and_raw_routes_do_not() {
    OperationDoc one = OperationDoc.NONE.returns(ORDER, Shape.ONE);
    JsonObject doc = describe(List.of(
        route(HttpMethod.GET, "/api/orders/:id", Access.open(), one),
        new RouteDeclaration(HttpMethod.GET, "/api/raw/:id", Access.open(), one, null, true,
            false)), null);
    JsonObject get = doc.getJsonObject("paths").getJsonObject("/api/orders/{id}")
        .getJsonObject("get");
    JsonObject responses = get.getJsonObject("responses");
    assertThat(responses.getJsonObject("304").getString("$ref"))
        .isEqualTo("#/components/responses/NotModified");
    assertThat(responses.getJsonObject("406").getString("$ref"))
        .isEqualTo("#/components/responses/Problem406");
    assertThat(responses.getJsonObject("200").getJsonObject("headers").fieldNames())
        .contains("ETag");
    assertThat(header(get, "If-None-Match").getBoolean("required")).isFalse();
    JsonObject notModified = doc.getJsonObject("components").getJsonObject("responses")
        .getJsonObject("NotModified");
    assertThat(notModified.containsKey("content")).isFalse();
    assertThat(notModified.getJsonObject("headers").getJsonObject("ETag").getString("$ref"))
        .isEqualTo("#/components/headers/ETag");

    JsonObject raw = doc.getJsonObject("paths").getJsonObject("/api/raw/{id}")
        .getJsonObject("get");
    assertThat(raw.getJsonObject("responses").fieldNames()).doesNotContain("304", "406");
    assertThat(raw.getJsonObject("responses").getJsonObject("200").getJsonObject("headers")
        .fieldNames()).doesNotContain("ETag");
    assertThat(raw.getJsonArray("parameters")).hasSize(1);
  }

  @Test
  void a_raw_read_that_lists_its_etag_documents_304_and_412_but_no_406() {
    OperationDoc doc = OperationDoc.NONE.returns(new JsonObject().put("type", "object"))
        .withResponseHeaders(ParameterDoc.required("ETag", new JsonObject().put("type",
            "string"), "Strong validator"));
    JsonObject get = describe(List.of(new RouteDeclaration(HttpMethod.GET, "/status",
        Access.open(), doc, null, false, false)), null).getJsonObject("paths")
        .getJsonObject("/status").getJsonObject("get");
    assertThat(get.getJsonObject("responses").fieldNames()).contains("304", "412")
        .doesNotContain("406");
    assertThat(header(get, "If-None-Match").getBoolean("required")).isFalse();
    assertThat(header(get, "If-Match").getBoolean("required")).isFalse();
    assertThat(get.getJsonObject("responses").getJsonObject("200").getJsonObject("headers")
        .getJsonObject("ETag").getBoolean("required")).isTrue();
  }

  @Test
  void cache_control_is_documented_where_the_framework_sets_it() {
    OperationDoc one = OperationDoc.NONE.returns(ORDER, Shape.ONE);
    JsonObject doc = describe(List.of(
        route(HttpMethod.GET, "/api/orders/:id", Access.open(), one),
        new RouteDeclaration(HttpMethod.GET, "/api/raw", Access.open(), one, null, false,
            false),
        new RouteDeclaration(HttpMethod.GET, "/api/mine", Access.authenticated(), one, null,
            false, false)), null);
    JsonObject paths = doc.getJsonObject("paths");
    assertThat(successHeaders(paths, "/api/orders/{id}")).contains("Cache-Control");
    // A raw handler of an open route writes its own head; one that is not open is private.
    assertThat(successHeaders(paths, "/api/raw")).doesNotContain("Cache-Control");
    assertThat(successHeaders(paths, "/api/mine")).contains("Cache-Control");
    JsonObject components = doc.getJsonObject("components").getJsonObject("responses");
    assertThat(components.getJsonObject("NotModified").getJsonObject("headers").fieldNames())
        .contains("ETag", "Cache-Control", "Link", "RateLimit");
    assertThat(components.getJsonObject("Problem404").getJsonObject("headers").fieldNames())
        .contains("Cache-Control", "RateLimit", "RateLimit-Policy");

    JsonObject unlimited = describe(List.of(new RouteDeclaration(HttpMethod.GET,
        "/api/orders/:id", Access.open(), one, null, false, true)), null)
        .getJsonObject("components").getJsonObject("responses");
    assertThat(unlimited.getJsonObject("Problem404").getJsonObject("headers").fieldNames())
        .containsExactlyInAnyOrder("Cache-Control", "X-Request-Id", "Server-Timing");
  }

  @Test
  void every_answer_documents_the_request_id_and_server_timing_and_a_401_its_challenge() {
    OperationDoc one = OperationDoc.NONE.returns(ORDER, Shape.ONE).withProblems(401);
    JsonObject doc = describe(List.of(route(HttpMethod.GET, "/api/orders/:id",
        Access.authenticated(), one)), null);
    assertThat(successHeaders(doc.getJsonObject("paths"), "/api/orders/{id}"))
        .contains("X-Request-Id", "Server-Timing");
    JsonObject components = doc.getJsonObject("components");
    JsonObject responses = components.getJsonObject("responses");
    for (String name : responses.fieldNames()) {
      assertThat(responses.getJsonObject(name).getJsonObject("headers").fieldNames()).as(name)
          .contains("X-Request-Id", "Server-Timing");
    }
    assertThat(responses.getJsonObject("Problem401").getJsonObject("headers").fieldNames())
        .contains("WWW-Authenticate");
    assertThat(components.getJsonObject("headers").getJsonObject("WWW-Authenticate")
        .getString("description")).contains("ApiKey header=\"X-API-Key\"");
  }

  private static Set<String> successHeaders(JsonObject paths, String path) {
    return paths.getJsonObject(path).getJsonObject("get").getJsonObject("responses")
        .getJsonObject("200").getJsonObject("headers", new JsonObject()).fieldNames();
  }

  @Test
  void writes_through_an_endpoint_document_406_but_no_304() {
    JsonObject post = describe(List.of(route(HttpMethod.POST, "/api/orders",
        Access.authenticated(), OperationDoc.NONE.returns(ORDER, Shape.ONE).withStatus(201))),
        null).getJsonObject("paths").getJsonObject("/api/orders").getJsonObject("post");
    assertThat(post.getJsonObject("responses").fieldNames()).contains("201", "406", "417")
        .doesNotContain("304");
  }

  @Test
  void a_success_is_described_by_its_own_status() {
    JsonObject paths = describe(List.of(
        route(HttpMethod.DELETE, "/api/orders/:id", Access.authenticated(),
            OperationDoc.summary("Cancel").withStatus(204)),
        route(HttpMethod.POST, "/api/orders", Access.authenticated(),
            OperationDoc.NONE.returns(ORDER, Shape.ONE).withStatus(202)),
        route(HttpMethod.GET, "/api/orders", Access.open(),
            OperationDoc.NONE.returns(ORDER, Shape.PAGE))), null).getJsonObject("paths");
    // Before, every success but a 201 was described as "OK".
    assertThat(paths.getJsonObject("/api/orders/{id}").getJsonObject("delete")
        .getJsonObject("responses").getJsonObject("204").getString("description"))
        .isEqualTo("No Content");
    assertThat(paths.getJsonObject("/api/orders").getJsonObject("post")
        .getJsonObject("responses").getJsonObject("202").getString("description"))
        .isEqualTo("Accepted");
    assertThat(paths.getJsonObject("/api/orders").getJsonObject("get")
        .getJsonObject("responses").getJsonObject("200").getString("description"))
        .isEqualTo("OK");
  }

  @Test
  void method_not_allowed_is_one_reusable_response_with_allow() {
    JsonObject doc = describe(List.of(route(HttpMethod.GET, "/api/open", Access.open(),
        OperationDoc.NONE)), null);
    JsonObject components = doc.getJsonObject("components");
    assertThat(components.getJsonObject("responses").getJsonObject("Problem405")
        .getJsonObject("headers").getJsonObject("Allow").getString("$ref"))
        .isEqualTo("#/components/headers/Allow");
    assertThat(components.getJsonObject("headers").fieldNames()).contains("Allow");
    assertThat(doc.getJsonObject("paths").getJsonObject("/api/open").getJsonObject("get")
        .getJsonObject("responses").fieldNames()).doesNotContain("405");
  }

  @Test
  void declared_response_media_types_and_headers_are_documented() {
    JsonObject string = new JsonObject().put("type", "string");
    JsonObject paths = describe(List.of(
        route(HttpMethod.GET, "/files/:file", Access.open(), OperationDoc.NONE.returns(string)
            .withResponseMediaTypes("text/css", "image/png")),
        route(HttpMethod.PATCH, "/api/orders/:id", Access.tier("internal"), OperationDoc.NONE
            .returns(ORDER, Shape.ONE).withResponseHeaders(ParameterDoc.required("ETag",
                string, "The new ETag")))), null).getJsonObject("paths");
    JsonObject file = paths.getJsonObject("/files/{file}").getJsonObject("get")
        .getJsonObject("responses").getJsonObject("200");
    assertThat(file.getJsonObject("content").fieldNames())
        .containsExactlyInAnyOrder("text/css", "image/png");
    JsonObject patched = paths.getJsonObject("/api/orders/{id}").getJsonObject("patch")
        .getJsonObject("responses").getJsonObject("200");
    assertThat(patched.getJsonObject("headers").getJsonObject("ETag")).isEqualTo(
        new JsonObject().put("schema", string).put("required", true)
            .put("description", "The new ETag"));
  }

  @Test
  void documented_path_parameters_keep_their_type_others_come_from_the_resource() {
    JsonObject paths = describe(List.of(
        route(HttpMethod.GET, "/api/users/:id/orders", Access.open(), OperationDoc.NONE
            .withPath(Requests.pathIdDoc("id", "The user's id")).returns(ORDER, Shape.PAGE)),
        route(HttpMethod.GET, "/api/things/:id/parts", Access.open(), OperationDoc.NONE
            .returns(ORDER, Shape.PAGE))), null).getJsonObject("paths");
    JsonObject id = paths.getJsonObject("/api/users/{id}/orders").getJsonObject("get")
        .getJsonArray("parameters").getJsonObject(0);
    assertThat(id.getString("in")).isEqualTo("path");
    assertThat(id.getBoolean("required")).isTrue();
    assertThat(id.getString("description")).isEqualTo("The user's id");
    assertThat(id.getJsonObject("schema")).isEqualTo(new JsonObject().put("type", "integer")
        .put("format", "int64").put("minimum", 1));
    // The list's resource is not the path's: its id says nothing about the parameter.
    assertThat(paths.getJsonObject("/api/things/{id}/parts").getJsonObject("get")
        .getJsonArray("parameters").getJsonObject(0).getJsonObject("schema")
        .getString("type")).isEqualTo("string");
  }

  @Test
  void resource_schemas_require_nothing_and_say_why_and_problems_require_detail() {
    JsonObject schemas = describe(List.of(route(HttpMethod.GET, "/api/orders/:id",
        Access.open(), OperationDoc.NONE.returns(ORDER, Shape.ONE))), null)
        .getJsonObject("components").getJsonObject("schemas");
    JsonObject order = schemas.getJsonObject("order");
    assertThat(order.containsKey("required")).isFalse();
    assertThat(order.getString("description")).contains("Without ?fields=")
        .contains("id, created_at").contains("no member is required");
    assertThat(schemas.getJsonObject("Problem").getJsonArray("required"))
        .containsExactly("type", "title", "status", "detail");
  }

  @Test
  void each_version_is_described_apart_and_a_deprecated_one_says_so() {
    ApiVersion v1 = ApiVersion.deprecated("v1", Instant.parse("2026-01-01T00:00:00Z"), null,
        "v2");
    ApiVersion v2 = ApiVersion.current("v2");
    List<RouteDeclaration> routes = List.of(
        new RouteDeclaration(HttpMethod.GET, "/api/v1/things", Access.open(),
            OperationDoc.NONE, v1, false, true),
        new RouteDeclaration(HttpMethod.GET, "/api/v2/things", Access.open(),
            OperationDoc.NONE, v2, false, true),
        new RouteDeclaration(HttpMethod.GET, "/api/things", Access.open(), OperationDoc.NONE,
            null, false, true));
    JsonObject old = describe(routes, "v1");
    assertThat(old.getJsonObject("paths").fieldNames()).containsExactly("/api/v1/things");
    JsonObject get = old.getJsonObject("paths").getJsonObject("/api/v1/things")
        .getJsonObject("get");
    assertThat(get.getBoolean("deprecated")).isTrue();
    assertThat(get.getJsonArray("tags").getString(0)).isEqualTo("things");
    assertThat(old.getJsonObject("info").getString("version")).isEqualTo("v1");
    assertThat(old.getJsonObject("info").getString("description")).contains("use v2");
    assertThat(describe(routes, "v2").getJsonObject("paths").fieldNames())
        .containsExactly("/api/v2/things");
    assertThat(describe(routes, null).getJsonObject("paths").fieldNames())
        .containsExactly("/api/things");
  }

  /** The header parameter {@code name} of {@code operation}, failing when there is none. */
  private static JsonObject header(JsonObject operation, String name) {
    return operation.getJsonArray("parameters").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("in").equals("header") && p.getString("name").equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no header " + name));
  }

  @Test
  void versions_mount_under_their_base_and_validate_names() {
    assertThat(ApiVersion.current("v1").mount("/api/products/:id"))
        .isEqualTo("/api/v1/products/:id");
    assertThat(ApiVersion.current("v3").withBase("/rest").mount("/rest/x"))
        .isEqualTo("/rest/v3/x");
    assertThatThrownBy(() -> ApiVersion.current("v1")
        .mount("/health/live")).hasMessageContaining("not under /api");
    assertThatThrownBy(() -> ApiVersion.current("v/1"))
        .hasMessageContaining("v/1");
  }
}
