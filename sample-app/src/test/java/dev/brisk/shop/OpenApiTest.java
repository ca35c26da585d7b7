package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.http.RouteDeclaration;
import dev.brisk.test.TestBrisk;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shop's generated description, read by two independent OpenAPI parsers, matched against
 * the routes the app really declares, and exercised: every GET it describes is called.
 */
class OpenApiTest {

  /** The test app runs without a carrier: quotes answer their documented 503. */
  private static final Map<String, Integer> NOT_2XX = Map.of(
      "/api/products/{id}/shipping-quote", 503, "/api/v1/products/{id}/shipping-quote", 503);
  /**
   * Response headers API.md names, and those the framework puts on every answer (and on a
   * 401): each one a response sends must be documented.
   */
  private static final List<String> CONTRACT_HEADERS = List.of("ETag", "Cache-Control",
      "RateLimit", "RateLimit-Policy", "Retry-After", "Link", "Location", "Deprecation",
      "Sunset", "Allow", "X-Request-Id", "Server-Timing", "WWW-Authenticate");
  /** The unversioned description ("") and the v1 one. */
  private static final List<String> VERSIONS = List.of("", "v1");

  private static String description(String version) {
    HttpResponse<Buffer> r = Http.get("/openapi.json"
        + (version.isEmpty() ? "" : "?version=" + version));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    return r.bodyAsString();
  }

  @Test
  void descriptions_are_valid_openapi_31_for_two_parsers() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    for (String version : VERSIONS) {
      String json = description(version);
      SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, options);
      assertThat(parsed.getMessages()).as(version).isEmpty();
      assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
      // vertx-openapi's contract loader refuses media types a vertx-web router cannot
      // validate (problem+json, NDJSON): run its meta-schema validation and $ref resolution.
      JsonObject contract = new JsonObject(json);
      Vertx vertx = TestShop.app().context().vertx();
      OpenAPIVersion openApi = OpenAPIVersion.fromContract(contract);
      assertThat(openApi).isEqualTo(OpenAPIVersion.V3_1);
      SchemaRepository repository = TestBrisk.await(openApi.getRepository(vertx, "app:///"));
      OutputUnit result = TestBrisk.await(openApi.validateContract(vertx, repository, contract));
      assertThat(result.getValid()).as(version + ": " + result.getErrors()).isTrue();
      assertThat(TestBrisk.await(openApi.resolve(vertx, repository, contract))
          .getJsonObject("paths")).isNotEmpty();
    }
  }

  @Test
  void every_registered_route_appears_and_nothing_else() {
    List<RouteDeclaration> routes = AccessMatrixTest.allDeclarations();
    Map<String, Set<String>> declared = new TreeMap<>();
    for (RouteDeclaration r : routes) {
      boolean foldedHead = r.method() == HttpMethod.HEAD && routes.stream().anyMatch(o ->
          o.method() == HttpMethod.GET && o.path().equals(r.path()));
      if (!foldedHead) {
        declared.computeIfAbsent(r.version() == null ? "" : r.version().name(),
            v -> new TreeSet<>()).add(r.method() + " " + r.path().replaceAll(":(\\w+)", "{$1}"));
      }
    }
    assertThat(declared.keySet()).containsExactlyElementsOf(VERSIONS);
    assertThat(declared.get("")).contains("GET /api/products/{id}", "POST /api/orders",
        "GET /openapi.json", "GET /docs", "GET /health/ready", "GET /metrics");
    assertThat(declared.get("v1")).contains("GET /api/v1/products/{id}", "POST /api/v1/batch");
    for (String version : VERSIONS) {
      assertThat(operations(new JsonObject(description(version)))).as(version)
          .isEqualTo(declared.get(version));
    }
  }

  @Test
  void every_described_get_answers_2xx_with_a_documented_status() {
    List<String> failures = new ArrayList<>();
    int[] calls = {0};
    describedGets((description, template, get, uri) -> {
      HttpResponse<Buffer> r = Http.get(uri);
      calls[0]++;
      Set<String> documented = get.getJsonObject("responses").fieldNames();
      int expected = NOT_2XX.getOrDefault(template, r.statusCode() / 100 == 2 ? r.statusCode()
          : 200);
      if (r.statusCode() != expected
          || !documented.contains(Integer.toString(r.statusCode()))) {
        failures.add("GET " + uri + ": " + r.statusCode() + " " + r.bodyAsString());
      }
    });
    assertThat(calls[0]).isGreaterThan(20);
    assertThat(failures).isEmpty();
  }

  /**
   * Every described GET, asked by each kind of caller and again with the ETag it answered,
   * documents every contract header it sends under the status it answers (problems included).
   */
  @Test
  void every_described_get_documents_the_headers_it_sends() {
    List<String> failures = new ArrayList<>();
    describedGets((description, template, get, uri) -> {
      for (String key : new String[] {"demo-internal", "demo-free", null}) {
        HttpResponse<Buffer> r = Http.get(uri, "X-API-Key", key);
        failures.addAll(undocumentedHeaders(description, get, r, key + " GET " + uri));
        if (r.getHeader("ETag") != null) {
          HttpResponse<Buffer> again = Http.get(uri, "X-API-Key", key, "If-None-Match",
              r.getHeader("ETag"));
          failures.addAll(undocumentedHeaders(description, get, again,
              key + " GET " + uri + " If-None-Match"));
        }
      }
    });
    assertThat(failures).isEmpty();
  }

  /** One described GET: its description, path template, operation and a URI that exists. */
  private interface DescribedGet {
    void accept(JsonObject description, String template, JsonObject get, String uri);
  }

  /** Calls {@code each} for every GET of both descriptions, with a URI naming real rows. */
  private static void describedGets(DescribedGet each) {
    long order = TestShop.sql("SELECT min(id) AS id FROM orders").iterator().next()
        .getLong("id");
    for (String version : VERSIONS) {
      JsonObject description = new JsonObject(description(version));
      JsonObject paths = description.getJsonObject("paths");
      for (String template : paths.fieldNames()) {
        JsonObject get = paths.getJsonObject(template).getJsonObject("get");
        if (get != null) {
          each.accept(description, template, get, template.replace("/orders/{id}",
              "/orders/" + order).replace("{file}", "swagger-ui.css").replace("{id}", "1"));
        }
      }
    }
  }

  /** The contract headers {@code r} carries that {@code operation} does not document. */
  private static List<String> undocumentedHeaders(JsonObject description, JsonObject operation,
      HttpResponse<Buffer> r, String request) {
    JsonObject responses = operation.getJsonObject("responses");
    JsonObject response = responses.getJsonObject(Integer.toString(r.statusCode()),
        responses.getJsonObject("default"));
    String ref = response.getString("$ref");
    if (ref != null) {
      response = description.getJsonObject("components").getJsonObject("responses")
          .getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
    }
    Set<String> documented = response.getJsonObject("headers", new JsonObject()).fieldNames();
    List<String> missing = new ArrayList<>();
    for (String name : CONTRACT_HEADERS) {
      if (r.getHeader(name) != null && !documented.contains(name)) {
        missing.add(request + ": " + r.statusCode() + " sends " + name + ", documented "
            + documented);
      }
    }
    return missing;
  }

  /**
   * Every resource read (a GET with {@code fields}) offers protobuf, and a single resource or a
   * list answers it in the message its description names, as stock protoc reads it.
   */
  @Test
  void every_resource_read_offers_the_protobuf_message_it_describes() throws Exception {
    long order = TestShop.sql("SELECT min(id) AS id FROM orders").iterator().next()
        .getLong("id");
    List<String> missing = new ArrayList<>();
    Set<String> decoded = new TreeSet<>();
    for (String version : VERSIONS) {
      JsonObject paths = new JsonObject(description(version)).getJsonObject("paths");
      for (String template : paths.fieldNames()) {
        JsonObject get = paths.getJsonObject(template).getJsonObject("get");
        if (get == null || get.getJsonArray("parameters", new JsonArray()).stream()
            .map(JsonObject.class::cast).noneMatch(p -> p.getString("name").equals("fields"))) {
          continue;
        }
        JsonObject content = get.getJsonObject("responses").getJsonObject("200")
            .getJsonObject("content");
        JsonObject protobuf = content.getJsonObject("application/x-protobuf");
        if (protobuf == null) {
          missing.add("GET " + template);
          continue;
        }
        String message = protobuf.getString("x-protobuf-message");
        if (content.containsKey("application/x-ndjson")) {
          continue;  // a stream of length-delimited messages: the export tests read those
        }
        String uri = template.replace("/orders/{id}", "/orders/" + order)
            .replace("{id}", "1");
        HttpResponse<Buffer> r = Http.get(uri, "Accept", "application/x-protobuf");
        assertThat(r.statusCode()).as(uri).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(Protoc.decode(message, r.body().getBytes())).as(uri).contains("id: ");
        decoded.add(template.replace("/api/v1/", "/api/") + " " + message);
      }
    }
    assertThat(missing).isEmpty();
    assertThat(decoded).contains("/api/categories brisk.shop.CategoryPage",
        "/api/categories/{id} brisk.shop.Category", "/api/products brisk.shop.ProductPage",
        "/api/orders brisk.shop.OrderPage");
  }

  @Test
  void the_description_is_cacheable_and_unknown_versions_are_400() {
    HttpResponse<Buffer> first = Http.get("/openapi.json", "X-API-Key", null);
    assertThat(first.getHeader("Cache-Control")).contains("public");
    HttpResponse<Buffer> again = Http.get("/openapi.json", "X-API-Key", null,
        "If-None-Match", first.getHeader("ETag"));
    assertThat(again.statusCode()).isEqualTo(304);
    HttpResponse<Buffer> unknown = Http.get("/openapi.json?version=v9");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.getHeader("Content-Type")).startsWith("application/problem+json");
    // The parameter names the versions it takes, and a repeated one is refused as such.
    JsonObject version = new JsonObject(description("")).getJsonObject("paths")
        .getJsonObject("/openapi.json").getJsonObject("get").getJsonArray("parameters")
        .getJsonObject(0);
    assertThat(version.getString("name")).isEqualTo("version");
    assertThat(version.getJsonObject("schema").getJsonArray("enum")).containsExactly("v1");
    assertThat(Http.get("/openapi.json?version=").statusCode()).isEqualTo(400);
    HttpResponse<Buffer> twice = Http.get("/openapi.json?version=v1&version=v1");
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(Http.json(twice).getString("detail")).contains("at most once");
  }

  @Test
  void the_v1_mount_serves_what_the_unversioned_alias_serves() {
    HttpResponse<Buffer> alias = Http.get("/api/products/7?fields=id,name");
    HttpResponse<Buffer> v1 = Http.get("/api/v1/products/7?fields=id,name");
    assertThat(v1.statusCode()).isEqualTo(200);
    assertThat(v1.bodyAsString()).isEqualTo(alias.bodyAsString());
    assertThat(v1.getHeader("Deprecation")).isNull();
    JsonObject products = new JsonObject(description("v1")).getJsonObject("paths")
        .getJsonObject("/api/v1/products/{id}");
    assertThat(products.getJsonObject("get").getJsonArray("tags")).containsExactly("products");
  }

  @Test
  void conditional_and_idempotent_writes_document_their_headers() {
    for (String version : VERSIONS) {
      String base = version.isEmpty() ? "/api" : "/api/" + version;
      JsonObject paths = new JsonObject(description(version)).getJsonObject("paths");
      JsonObject patch = paths.getJsonObject(base + "/products/{id}").getJsonObject("patch");
      JsonObject ifMatch = header(patch, "If-Match");
      assertThat(ifMatch.getBoolean("required")).as(version).isFalse();
      assertThat(ifMatch.getJsonObject("schema").getString("type")).isEqualTo("string");
      assertThat(patch.getJsonObject("responses").getJsonObject("412").getString("$ref"))
          .as(version).isEqualTo("#/components/responses/Problem412");
      JsonObject post = paths.getJsonObject(base + "/orders").getJsonObject("post");
      JsonObject key = header(post, "Idempotency-Key");
      assertThat(key.getBoolean("required")).as(version).isFalse();
      assertThat(key.getString("description")).contains("idempotent");
      // A collection always has a representation; a POST-only action never has one.
      assertThat(header(post, "If-None-Match").getString("description"))
          .contains("always has a representation");
      JsonObject imports = paths.getJsonObject(base + "/products/import").getJsonObject("post");
      assertThat(header(imports, "If-Match").getString("description"))
          .contains("no representation");
      assertThat(imports.getJsonArray("parameters").encode()).as(version)
          .doesNotContain("If-None-Match");
    }
    assertThat(Http.post("/api/batch", "application/json", "{\"requests\":[]}",
        "If-None-Match", "*").statusCode()).isEqualTo(200);
    assertThat(Http.post("/api/batch", "application/json", "{\"requests\":[]}",
        "If-Match", "*").statusCode()).isEqualTo(412);
  }

  @Test
  void framework_statuses_are_documented_where_the_routes_answer_them() {
    JsonObject paths = new JsonObject(description("")).getJsonObject("paths");
    HttpResponse<Buffer> first = Http.get("/api/products/7");
    HttpResponse<Buffer> again = Http.get("/api/products/7", "If-None-Match",
        first.getHeader("ETag"));
    assertThat(again.statusCode()).isEqualTo(304);
    for (String read : List.of("/api/products/{id}", "/api/products", "/api/users/{id}",
        "/api/users/{id}/orders", "/api/orders", "/api/orders/{id}", "/api/categories/{id}",
        "/api/products/{id}/shipping-quote", "/health/live", "/openapi.json", "/docs")) {
      JsonObject get = paths.getJsonObject(read).getJsonObject("get");
      assertThat(get.getJsonObject("responses").fieldNames()).as(read)
          .contains("304", "406", "412");
      assertThat(header(get, "If-None-Match").getBoolean("required")).isFalse();
      assertThat(header(get, "If-Match").getBoolean("required")).isFalse();
    }
    assertThat(Http.get("/api/products/7", "If-Match", "\"other\"").statusCode())
        .isEqualTo(412);
    // Raw, but validated as endpoint reads are: their ETag, 304 and 412 are documented.
    for (String probe : List.of("/health/ready", "/metrics")) {
      JsonObject get = paths.getJsonObject(probe).getJsonObject("get");
      assertThat(Http.get(probe).getHeader("ETag")).as(probe).isNotNull();
      assertThat(get.getJsonObject("responses").getJsonObject("200").getJsonObject("headers")
          .fieldNames()).as(probe).contains("ETag");
      assertThat(Http.get(probe, "If-Match", "\"other\"").statusCode()).as(probe)
          .isEqualTo(412);
      assertThat(get.getJsonObject("responses").fieldNames()).as(probe).contains("304", "412");
      assertThat(header(get, "If-None-Match").getBoolean("required")).isFalse();
    }
    // Anonymous readiness is the status alone, the same while it lasts (metrics change as
    // requests are counted).
    String ready = Http.get("/health/ready", "X-API-Key", null).getHeader("ETag");
    assertThat(Http.get("/health/ready", "X-API-Key", null, "If-None-Match", ready)
        .statusCode()).isEqualTo(304);
    assertThat(Http.get("/health/live", "Accept", "application/xml").statusCode())
        .isEqualTo(406);
    JsonObject batch = paths.getJsonObject("/api/batch").getJsonObject("post");
    assertThat(batch.getJsonObject("responses").fieldNames()).contains("406", "422");
    JsonObject batchContent = batch.getJsonObject("responses").getJsonObject("200")
        .getJsonObject("content");
    assertThat(batchContent.fieldNames())
        .containsExactlyInAnyOrder("application/json", "application/x-ndjson");
    // An NDJSON line is one sub-response, not the JSON form's envelope.
    assertThat(batchContent.getJsonObject("application/x-ndjson").getJsonObject("schema")
        .getJsonObject("properties").fieldNames()).contains("id", "status", "body_encoding")
        .doesNotContain("responses");
    assertThat(batch.getJsonObject("requestBody").encode()).contains("body_encoding");
    JsonObject notAllowed = new JsonObject(description("")).getJsonObject("components")
        .getJsonObject("responses").getJsonObject("Problem405");
    assertThat(notAllowed.getJsonObject("headers").fieldNames()).contains("Allow");
  }

  @Test
  void explorer_files_and_path_ids_have_their_real_types() {
    JsonObject paths = new JsonObject(description("")).getJsonObject("paths");
    assertThat(ok(paths, "/docs").getJsonObject("content").fieldNames())
        .containsExactly("text/html");
    assertThat(ok(paths, "/docs/{file}").getJsonObject("content").fieldNames())
        .containsExactlyInAnyOrder("text/css", "text/javascript", "image/png");
    for (String path : List.of("/api/users/{id}/orders", "/api/products/{id}/shipping-quote",
        "/api/products/{id}", "/api/orders/{id}")) {
      JsonObject id = paths.getJsonObject(path).getJsonObject("get").getJsonArray("parameters")
          .getJsonObject(0);
      assertThat(id.getString("name")).isEqualTo("id");
      assertThat(id.getJsonObject("schema").getString("type")).as(path).isEqualTo("integer");
    }
    JsonObject patch = paths.getJsonObject("/api/products/{id}").getJsonObject("patch")
        .getJsonObject("responses").getJsonObject("200");
    assertThat(patch.getJsonObject("headers").getJsonObject("ETag").getBoolean("required"))
        .isTrue();
  }

  @Test
  void path_ids_state_the_minimum_the_server_checks() {
    JsonObject paths = new JsonObject(description("")).getJsonObject("paths");
    // Every id read with Requests.pathId refuses 0 (400), so its schema must say minimum 1.
    Map<String, String> operations = Map.of("/api/products/{id}", "get",
        "/api/users/{id}", "get", "/api/orders/{id}", "get", "/api/categories/{id}", "get",
        "/api/users/{id}/orders", "get", "/api/products/{id}/shipping-quote", "get");
    for (Map.Entry<String, String> op : operations.entrySet()) {
      assertThat(idSchema(paths, op.getKey(), op.getValue()).getInteger("minimum"))
          .as(op.getKey()).isEqualTo(1);
      String zero = op.getKey().replace("{id}", "0");
      assertThat(Http.get(zero, "X-API-Key", "demo-internal").statusCode()).as(zero)
          .isEqualTo(400);
    }
    assertThat(idSchema(paths, "/api/products/{id}", "patch").getInteger("minimum"))
        .isEqualTo(1);
  }

  private static JsonObject idSchema(JsonObject paths, String path, String method) {
    return paths.getJsonObject(path).getJsonObject(method).getJsonArray("parameters").stream()
        .map(JsonObject.class::cast).filter(p -> p.getString("name").equals("id"))
        .findFirst().orElseThrow().getJsonObject("schema");
  }

  @Test
  void request_schemas_state_the_limits_the_server_checks() {
    JsonObject paths = new JsonObject(description("")).getJsonObject("paths");
    JsonObject line = requestSchema(paths, "/api/products/import", "post",
        "application/x-ndjson");
    assertThat(line.getJsonArray("required")).contains("description");
    assertThat(line.getBoolean("additionalProperties")).isFalse();
    assertThat(line.getJsonObject("properties").getJsonObject("name").getInteger("maxLength"))
        .isEqualTo(200);
    JsonObject order = requestSchema(paths, "/api/orders", "post", "application/json");
    JsonObject items = order.getJsonObject("properties").getJsonObject("items");
    assertThat(items.getInteger("maxItems")).isEqualTo(100);
    assertThat(items.getJsonObject("items").getJsonObject("properties")
        .getJsonObject("quantity").getInteger("maximum")).isEqualTo(1000);
    // Ids are 64-bit (2^63 is a 422), as path ids are.
    for (JsonObject id : List.of(order.getJsonObject("properties").getJsonObject("user_id"),
        items.getJsonObject("items").getJsonObject("properties").getJsonObject("product_id"),
        line.getJsonObject("properties").getJsonObject("category_id"))) {
      assertThat(id.getString("format")).isEqualTo("int64");
    }
    assertThat(Http.post("/api/orders", "application/json", "{\"user_id\": 3, \"items\": "
        + "[{\"product_id\": 9223372036854775808, \"quantity\": 1}]}").statusCode())
        .isEqualTo(422);
    JsonObject patch = requestSchema(paths, "/api/products/{id}", "patch",
        "application/merge-patch+json").getJsonObject("properties");
    assertThat(patch.getJsonObject("stock").getLong("maximum")).isEqualTo(1_000_000_000L);
    assertThat(patch.getJsonObject("name").getInteger("maxLength")).isEqualTo(200);
    // Text values hold no C0 control character (422): the schemas say so.
    for (JsonObject text : List.of(patch.getJsonObject("name"), patch.getJsonObject("description"),
        line.getJsonObject("properties").getJsonObject("description"))) {
      String pattern = text.getString("pattern");
      assertThat("a line\u00e9".matches(pattern)).isTrue();
      assertThat("a\u0000b".matches(pattern) || "two\nlines".matches(pattern)).isFalse();
    }
    // A name or sku of spaces names nothing (422); a description may be blank.
    assertThat("   ".matches(patch.getJsonObject("name").getString("pattern"))).isFalse();
    assertThat("   ".matches(line.getJsonObject("properties").getJsonObject("sku")
        .getString("pattern"))).isFalse();
    assertThat("   ".matches(patch.getJsonObject("description").getString("pattern"))).isTrue();
    assertThat(TestBrisk.await(Http.send(HttpMethod.PATCH, "/api/products/7",
        Buffer.buffer("{\"name\": \"   \"}"), "Content-Type", "application/json"))
        .statusCode()).isEqualTo(422);
    // So is a text filter of spaces (400), while its length counts characters, not UTF-16 units.
    JsonObject q = paths.getJsonObject("/api/products").getJsonObject("get")
        .getJsonArray("parameters").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("name").equals("q")).findFirst().orElseThrow()
        .getJsonObject("schema");
    assertThat(" ".matches(q.getString("pattern"))).isFalse();
    assertThat(Http.get("/api/products?q=%20").statusCode()).isEqualTo(400);
    String emoji = "%F0%9F%98%80".repeat(q.getInteger("maxLength"));
    assertThat(Http.get("/api/products?q=" + emoji).statusCode()).isEqualTo(200);
    JsonObject zip = paths.getJsonObject("/api/products/{id}/shipping-quote")
        .getJsonObject("get").getJsonArray("parameters").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("name").equals("zip")).findFirst().orElseThrow();
    assertThat("a".matches(zip.getJsonObject("schema").getString("pattern"))).isFalse();
    assertThat("10115".matches(zip.getJsonObject("schema").getString("pattern"))).isTrue();
    // The batch body: the server refuses other members, more than 50 entries, empty or long
    // ids, unknown methods and targets that are not paths.
    JsonObject batch = requestSchema(paths, "/api/batch", "post", "application/json");
    assertThat(batch.getBoolean("additionalProperties")).isFalse();
    JsonObject entries = batch.getJsonObject("properties").getJsonObject("requests");
    assertThat(entries.getInteger("maxItems")).isEqualTo(50);
    JsonObject entry = entries.getJsonObject("items");
    assertThat(entry.getBoolean("additionalProperties")).isFalse();
    JsonObject fields = entry.getJsonObject("properties");
    assertThat(fields.getJsonObject("id").getInteger("minLength")).isEqualTo(1);
    assertThat(fields.getJsonObject("id").getInteger("maxLength")).isEqualTo(256);
    assertThat(fields.getJsonObject("method").getJsonArray("enum")).contains("GET", "PATCH")
        .doesNotContain("FOO");
    String path = fields.getJsonObject("path").getString("pattern");
    assertThat("/api/products/1?fields=name".matches(path)).isTrue();
    assertThat("//host/x".matches(path) || "api/x".matches(path)).isFalse();
  }

  /**
   * A malformed query is refused on every route, those without parameters included, before any
   * handler runs (so no write happens): each operation documents that 400.
   */
  @Test
  void every_operation_documents_the_400_of_a_malformed_query() {
    long order = TestShop.sql("SELECT min(id) AS id FROM orders").iterator().next()
        .getLong("id");
    List<String> failures = new ArrayList<>();
    for (String version : VERSIONS) {
      JsonObject paths = new JsonObject(description(version)).getJsonObject("paths");
      for (String template : paths.fieldNames()) {
        String uri = template.replace("/orders/{id}", "/orders/" + order)
            .replace("{file}", "swagger-ui.css").replace("{id}", "1") + "?x=%01";
        for (String method : paths.getJsonObject(template).fieldNames()) {
          HttpResponse<Buffer> r = TestBrisk.await(Http.send(
              HttpMethod.valueOf(method.toUpperCase()), uri, null));
          JsonObject responses = paths.getJsonObject(template).getJsonObject(method)
              .getJsonObject("responses");
          if (r.statusCode() != 400 || !responses.containsKey("400")) {
            failures.add(method + " " + uri + ": " + r.statusCode() + ", documented "
                + responses.fieldNames());
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  /**
   * {@code fields} can embed more rows than one request may (EmbedLimits.maxRows): every read of
   * a resource that embeds others documents that 413, and one that embeds nothing does not.
   */
  @Test
  void reads_that_embed_document_the_413_of_too_many_embedded_rows() {
    long order = TestShop.sql("SELECT order_id FROM order_items GROUP BY order_id "
        + "ORDER BY count(*) DESC, order_id LIMIT 1").iterator().next().getLong(0);
    // As deep as fields may nest: six names.
    String products = "category(products(category(products(category(products)))))";
    String categories = "products(category(products(category(products(category)))))";
    String orders = "items(product(category(products(category(products)))))";
    Map<String, String> reads = new TreeMap<>(Map.of(
        "/api/products/{id}", "/api/products/1?fields=" + products,
        "/api/products", "/api/products?limit=100&fields=" + products,
        "/api/products/export", "/api/products/export?fields=" + products,
        "/api/categories/{id}", "/api/categories/1?fields=" + categories,
        "/api/categories", "/api/categories?limit=100&fields=" + categories,
        "/api/categories/export", "/api/categories/export?fields=" + categories,
        "/api/orders", "/api/orders?limit=100&fields=" + orders,
        "/api/orders/{id}", "/api/orders/" + order + "?fields=" + orders,
        "/api/users/{id}/orders", "/api/users/1/orders?limit=100&fields=" + orders));
    JsonObject paths = new JsonObject(description("")).getJsonObject("paths");
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> read : reads.entrySet()) {
      HttpResponse<Buffer> r = Http.get(read.getValue());
      Set<String> documented = paths.getJsonObject(read.getKey()).getJsonObject("get")
          .getJsonObject("responses").fieldNames();
      if (r.statusCode() != 413 || !documented.contains("413")) {
        failures.add(read.getValue() + ": " + r.statusCode() + ", documented " + documented);
      }
    }
    assertThat(failures).isEmpty();
    assertThat(paths.getJsonObject("/api/users/{id}").getJsonObject("get")
        .getJsonObject("responses").fieldNames()).doesNotContain("413");
  }

  /**
   * Exports resume an SSE stream after Last-Event-ID, refuse one that names no id, and evaluate
   * preconditions against a representation without a tag.
   */
  @Test
  void exports_document_the_resume_header_they_honour() {
    JsonObject paths = new JsonObject(description("")).getJsonObject("paths");
    for (String export : List.of("/api/products/export", "/api/categories/export")) {
      JsonObject get = paths.getJsonObject(export).getJsonObject("get");
      JsonObject resume = header(get, "Last-Event-ID");
      assertThat(resume.getBoolean("required")).isFalse();
      // An id without sort, a signed position with one.
      assertThat(resume.getJsonObject("schema").getString("type")).isEqualTo("string");
      assertThat(ok(paths, export).getJsonObject("content").getJsonObject("text/event-stream")
          .getJsonObject("schema").getString("description")).contains("event: end");
      HttpResponse<Buffer> resumed = Http.get(export + "?fields=id", "Accept",
          "text/event-stream", "Last-Event-ID", "40");
      assertThat(resumed.statusCode()).isEqualTo(200);
      assertThat(resumed.bodyAsString()).contains("\nid: 41\n").doesNotContain("\nid: 40\n")
          .contains("event: end");
      HttpResponse<Buffer> refused = Http.get(export, "Accept", "text/event-stream",
          "Last-Event-ID", "x");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(get.getJsonObject("responses").fieldNames()).contains("400");
      // A stream has no tag: If-Match holds only as *, If-None-Match: * is a 304.
      assertThat(Http.get(export, "If-Match", "\"zz\"").statusCode()).isEqualTo(412);
      assertThat(Http.get(export, "If-None-Match", "*").statusCode()).isEqualTo(304);
      assertThat(get.getJsonObject("responses").fieldNames()).contains("304", "412");
      assertThat(header(get, "If-Match").getString("description")).contains("only *");
      assertThat(header(get, "If-None-Match").getBoolean("required")).isFalse();
    }
  }

  /** Both forms of a batch answer, an entry without a valid id included, fit their schemas. */
  @Test
  void batch_answers_fit_their_schemas() {
    JsonObject content = new JsonObject(description("")).getJsonObject("paths")
        .getJsonObject("/api/batch").getJsonObject("post").getJsonObject("responses")
        .getJsonObject("200").getJsonObject("content");
    String batch = new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("method", "GET").put("path", "/api/products/1"))
        .add(new JsonObject().put("id", "b").put("method", "GET")
            .put("path", "/api/products/1?fields=name"))).encode();
    HttpResponse<Buffer> json = Http.post("/api/batch", "application/json", batch);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(validator(content, "application/json").validate(Http.json(json)).getValid())
        .as(json.bodyAsString()).isTrue();
    HttpResponse<Buffer> ndjson = Http.post("/api/batch", "application/json", batch, "Accept",
        "application/x-ndjson");
    Validator line = validator(content, "application/x-ndjson");
    assertThat(ndjson.bodyAsString().lines()).hasSize(2).allSatisfy(l ->
        assertThat(line.validate(new JsonObject(l)).getValid()).as(l).isTrue());
  }

  private static Validator validator(JsonObject content, String mediaType) {
    return Validator.create(JsonSchema.of(content.getJsonObject(mediaType)
        .getJsonObject("schema")), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("https://brisk.dev/"));
  }

  /**
   * A buffered body's route refuses an Expect it cannot meet (417) and documents it; the import,
   * which reads its own body, does neither.
   */
  @Test
  void buffered_writes_document_the_417_of_an_unmet_expectation() {
    JsonObject paths = new JsonObject(description("")).getJsonObject("paths");
    Map<String, HttpMethod> buffered = Map.of("/api/orders", HttpMethod.POST,
        "/api/products/{id}", HttpMethod.PATCH, "/api/batch", HttpMethod.POST);
    for (Map.Entry<String, HttpMethod> write : buffered.entrySet()) {
      HttpResponse<Buffer> r = TestBrisk.await(Http.send(write.getValue(),
          write.getKey().replace("{id}", "7"), Buffer.buffer("{}"), "Content-Type",
          "application/json", "Expect", "teapot"));
      assertThat(r.statusCode()).as(write.getKey()).isEqualTo(417);
      assertThat(paths.getJsonObject(write.getKey()).getJsonObject(write.getValue().name()
          .toLowerCase()).getJsonObject("responses").fieldNames()).as(write.getKey())
          .contains("417");
    }
    HttpResponse<Buffer> imported = TestBrisk.await(Http.send(HttpMethod.POST,
        "/api/products/import", Buffer.buffer("{}\n"), "Content-Type", "application/x-ndjson",
        "Expect", "teapot"));
    assertThat(imported.statusCode()).isEqualTo(422);
    assertThat(paths.getJsonObject("/api/products/import").getJsonObject("post")
        .getJsonObject("responses").fieldNames()).doesNotContain("417");
  }

  /**
   * Each write's 415 documents the header the server sends with it: {@code Accept-Post} on a
   * POST, {@code Accept-Patch} on a PATCH, never the other's (before, the shared 415 listed
   * neither).
   */
  @Test
  void writes_document_the_accepted_types_of_their_415() {
    for (String version : VERSIONS) {
      JsonObject description = new JsonObject(description(version));
      JsonObject components = description.getJsonObject("components").getJsonObject("responses");
      JsonObject paths = description.getJsonObject("paths");
      int checked = 0;
      for (String path : paths.fieldNames()) {
        for (String method : List.of("post", "patch")) {
          JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
          if (operation == null) {
            continue;
          }
          checked++;
          String ref = operation.getJsonObject("responses").getJsonObject("415")
              .getString("$ref");
          Set<String> headers = components.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1))
              .getJsonObject("headers").fieldNames();
          String own = method.equals("post") ? "Accept-Post" : "Accept-Patch";
          String other = method.equals("post") ? "Accept-Patch" : "Accept-Post";
          assertThat(headers).as(version + " " + method + " " + path).contains(own)
              .doesNotContain(other);
        }
      }
      assertThat(checked).as(version).isGreaterThanOrEqualTo(4);
      assertThat(description.getJsonObject("components").getJsonObject("headers").fieldNames())
          .contains("Accept-Post", "Accept-Patch");
    }
    Map<String, HttpMethod> writes = Map.of("/api/orders", HttpMethod.POST,
        "/api/products/{id}", HttpMethod.PATCH, "/api/batch", HttpMethod.POST,
        "/api/products/import", HttpMethod.POST);
    for (Map.Entry<String, HttpMethod> write : writes.entrySet()) {
      HttpResponse<Buffer> r = TestBrisk.await(Http.send(write.getValue(),
          write.getKey().replace("{id}", "7"), Buffer.buffer("{}"), "Content-Type",
          "text/plain", "X-API-Key", "demo-internal"));
      assertThat(r.statusCode()).as(write.getKey()).isEqualTo(415);
      assertThat(r.getHeader(write.getValue() == HttpMethod.POST ? "Accept-Post"
          : "Accept-Patch")).as(write.getKey()).isNotBlank();
    }
  }

  @Test
  void probes_document_only_what_they_answer() {
    JsonObject paths = new JsonObject(description("")).getJsonObject("paths");
    // Liveness never looks its caller up, and a malformed If-None-Match matches nothing.
    assertThat(Http.get("/health/live", "X-API-Key", "no-such-key").statusCode())
        .isEqualTo(200);
    assertThat(Http.get("/health/live", "If-None-Match", "garbage,,\"").statusCode())
        .isEqualTo(200);
    assertThat(paths.getJsonObject("/health/live").getJsonObject("get")
        .getJsonObject("responses").fieldNames()).doesNotContain("401");
    HttpResponse<Buffer> metrics = Http.get("/metrics");
    assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(ok(paths, "/metrics").getJsonObject("content").fieldNames())
        .containsExactly("text/plain");
  }

  @Test
  void readiness_describes_the_checks_the_highest_tier_sees() {
    JsonObject schema = ok(new JsonObject(description("")).getJsonObject("paths"),
        "/health/ready").getJsonObject("content").getJsonObject("application/json")
        .getJsonObject("schema");
    assertThat(schema.getJsonObject("properties").fieldNames()).contains("status", "checks");
    JsonObject body = Http.json(Http.get("/health/ready", "X-API-Key", "demo-internal"));
    assertThat(body.getJsonObject("checks").fieldNames()).contains("postgres", "redis");
    Validator validator = Validator.create(JsonSchema.of(schema),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://brisk.dev/"));
    assertThat(validator.validate(body).getValid()).as(body.encode()).isTrue();
    // Strict: a field the description does not name fails it.
    assertThat(validator.validate(body.copy().put("extra", 1)).getValid()).isFalse();
    assertThat(validator.validate(Http.json(Http.get("/health/ready"))).getValid()).isTrue();
  }

  private static JsonObject ok(JsonObject paths, String path) {
    return paths.getJsonObject(path).getJsonObject("get").getJsonObject("responses")
        .getJsonObject("200");
  }

  private static JsonObject requestSchema(JsonObject paths, String path, String method,
      String mediaType) {
    return paths.getJsonObject(path).getJsonObject(method).getJsonObject("requestBody")
        .getJsonObject("content").getJsonObject(mediaType).getJsonObject("schema");
  }

  /** The header parameter {@code name} of {@code operation}, failing when there is none. */
  private static JsonObject header(JsonObject operation, String name) {
    return operation.getJsonArray("parameters").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("in").equals("header") && p.getString("name").equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no header " + name + " in "
            + operation.getString("operationId")));
  }

  /** "METHOD /path" of every operation in a description. */
  private static Set<String> operations(JsonObject description) {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = description.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        operations.add(method.toUpperCase() + " " + path);
      }
    }
    return operations;
  }
}
