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
import dev.brisk.http.RouteDeclaration;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
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
    return new RouteDeclaration(method, path, access, doc, null, true);
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
    assertThat(open.getJsonObject("responses").fieldNames())
        .containsExactlyInAnyOrder("200", "401", "429", "503", "default");
    JsonObject patch = paths.getJsonObject("/api/things/{id}").getJsonObject("patch");
    assertThat(patch.getJsonArray("security").getJsonObject(0).containsKey("ApiKey")).isTrue();
    assertThat(patch.getJsonArray("security")).hasSize(1);
    assertThat(patch.getJsonObject("responses").fieldNames()).contains("400", "403", "404",
        "412", "413", "415").doesNotContain("422");
    assertThat(patch.getJsonObject("requestBody").getJsonObject("content").fieldNames())
        .containsExactly("application/json");
    assertThat(patch.getString("x-brisk-access")).isEqualTo("tier >= internal");
    JsonObject owned = paths.getJsonObject("/api/users/{id}").getJsonObject("get");
    assertThat(owned.getJsonObject("responses").fieldNames()).contains("404")
        .doesNotContain("403");
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
  void each_version_is_described_apart_and_a_deprecated_one_says_so() {
    ApiVersion v1 = ApiVersion.deprecated("v1", Instant.parse("2026-01-01T00:00:00Z"), null,
        "v2");
    ApiVersion v2 = ApiVersion.current("v2");
    List<RouteDeclaration> routes = List.of(
        new RouteDeclaration(HttpMethod.GET, "/api/v1/things", Access.open(),
            OperationDoc.NONE, v1, false),
        new RouteDeclaration(HttpMethod.GET, "/api/v2/things", Access.open(),
            OperationDoc.NONE, v2, false),
        new RouteDeclaration(HttpMethod.GET, "/api/things", Access.open(), OperationDoc.NONE,
            null, false));
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
