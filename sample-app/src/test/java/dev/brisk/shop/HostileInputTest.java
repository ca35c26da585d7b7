package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.ApiKey;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The shop's answers to hostile input (API.md "Representation rules"): non-finite numbers and
 * control characters 422 in bodies, 400 in queries and paths; money capped and checked.
 */
class HostileInputTest {

  private static final String MERGE_PATCH = "application/merge-patch+json";

  @AfterAll
  static void cleanUp() {
    TestShop.sql("DELETE FROM products WHERE sku LIKE 'hostile-%'");
  }

  private static JsonObject problem(HttpResponse<Buffer> r, int status, String slug) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject p = Http.json(r);
    assertThat(p.getString("type")).isEqualTo(Problem.TYPE_BASE + slug);
    return p;
  }

  private static String pointer(JsonObject problem) {
    return problem.getJsonArray("errors").getJsonObject(0).getString("pointer");
  }

  private static HttpResponse<Buffer> patch(String body) {
    return TestBrisk.await(Http.send(HttpMethod.PATCH, "/api/products/5", Buffer.buffer(body),
        "Content-Type", MERGE_PATCH));
  }

  @Test
  void non_finite_numbers_in_bodies_are_422_at_their_pointer() {
    String order = "{\"user_id\": 2, \"items\": [{\"product_id\": 1, \"quantity\": %s}]}";
    for (String n : new String[] {"1e400", "NaN", "-Infinity"}) {
      JsonObject p = problem(Http.post("/api/orders", "application/json", order.formatted(n)),
          422, "validation");
      assertThat(pointer(p)).isEqualTo("/items/0/quantity");
    }
    assertThat(pointer(problem(patch("{\"price_cents\": 1e400}"), 422, "validation")))
        .isEqualTo("/price_cents");
  }

  @Test
  void control_characters_in_body_text_are_422_and_in_queries_400() {
    JsonObject p = problem(patch("{\"name\": \"a\\u0000b\"}"), 422, "validation");
    assertThat(pointer(p)).isEqualTo("/name");
    assertThat(p.encode()).contains("U+0000");
    assertThat(pointer(problem(patch("{\"description\": \"bell\\u0007\"}"), 422, "validation")))
        .isEqualTo("/description");
    problem(Http.get("/api/products?q=a%00b"), 400, "bad-request");
    problem(Http.get("/api/orders?status=%1B"), 400, "bad-request");
  }

  @Test
  void problems_never_echo_control_characters_from_member_names() {
    JsonObject order = problem(Http.post("/api/orders", "application/json",
        "{\"user_id\\u0000\": 1, \"items\": [{\"product_id\": 5, \"quantity\": 1}]}"),
        422, "validation");
    JsonObject patched = problem(patch("{\"name\\u0001\": \"x\"}"), 422, "validation");
    for (JsonObject p : new JsonObject[] {order, patched}) {
      assertThat(p.encode()).as("no C0 character, even escaped").doesNotContainPattern(
          "\\\\u00[01][0-9a-fA-F]").doesNotContainPattern("[\\x00-\\x1F]");
      assertThat(pointer(p)).contains("\uFFFD");
    }
  }

  @Test
  void writes_refuse_unknown_query_parameters_before_doing_anything() {
    long orders = TestShop.sql("SELECT count(*) FROM orders").iterator().next().getLong(0);
    JsonObject placed = problem(Http.post("/api/orders?dry_run=1", "application/json",
        "{\"user_id\": 2, \"items\": [{\"product_id\": 1, \"quantity\": 1}]}"), 400,
        "invalid-parameter");
    assertThat(placed.getString("detail")).contains("dry_run").contains("takes none");
    assertThat(TestShop.sql("SELECT count(*) FROM orders").iterator().next().getLong(0))
        .isEqualTo(orders);
    String name = TestShop.sql("SELECT name FROM products WHERE id = 5").iterator().next()
        .getString(0);
    HttpResponse<Buffer> patched = TestBrisk.await(Http.send(HttpMethod.PATCH,
        "/api/products/5?validate_only=true", Buffer.buffer("{\"name\": \"renamed\"}"),
        "Content-Type", MERGE_PATCH));
    assertThat(problem(patched, 400, "invalid-parameter").getString("detail"))
        .contains("validate_only");
    assertThat(TestShop.sql("SELECT name FROM products WHERE id = 5").iterator().next()
        .getString(0)).isEqualTo(name);
  }

  @Test
  void malformed_percent_encoding_is_400_in_path_and_query() {
    for (String uri : new String[] {"/api/products/%zz", "/api/pro%zzducts", "/api/products?q=%",
        "/api/products?q=%C3%28", "/api/users/2/orders?limit=%4"}) {
      JsonObject p = problem(Http.get(uri), 400, "bad-request");
      assertThat(p.getString("detail")).as(uri).containsAnyOf("percent-encod", "UTF-8");
    }
    // The detail names the parameter to fix, not only the query string.
    for (String uri : new String[] {"/api/products?limit=2&q=%C3%28", "/api/products?fields=id%00",
        "/api/products?limit=2&fields=id%0A&q=a"}) {
      String detail = problem(Http.get(uri), 400, "bad-request").getString("detail");
      assertThat(detail).as(uri).contains(uri.contains("q=%C3") ? "parameter 'q'"
          : "parameter 'fields'");
    }
  }

  /** A cache keying on '&'-separated parameters would see one where Brisk saw two. */
  @Test
  void an_unencoded_semicolon_in_the_query_is_400_and_an_encoded_one_is_a_value() {
    JsonObject p = problem(Http.get("/api/products?q=Rustic;limit=5"), 400, "bad-request");
    assertThat(p.getString("detail")).contains("unencoded ';' at index 8").contains("%3B");

    assertThat(Http.get("/api/products?q=Rustic%3Blimit=5").statusCode()).isEqualTo(200);
  }

  @Test
  void json_nested_deeper_than_64_is_a_plain_400() {
    String deep = "{\"user_id\": 2, \"items\": " + "[".repeat(65) + "]".repeat(65) + "}";
    JsonObject p = problem(Http.post("/api/orders", "application/json", deep), 400,
        "malformed-json");
    assertThat(p.getString("detail")).isEqualTo("JSON is nested deeper than 64 levels");
  }

  @Test
  void an_order_total_beyond_what_json_reads_exactly_is_422_and_changes_nothing() {
    // Ten lines of 1,000 at the 10^12 price cap: 10^16 cents, beyond 2^53 - 1 (and a price
    // beyond any bigint total, written to the table directly, answers the same).
    TestShop.sql("UPDATE products SET price_cents = 1000000000000, stock = 1000 "
        + "WHERE id BETWEEN 160 AND 169");
    TestShop.sql("UPDATE products SET price_cents = $1, stock = 1000 WHERE id IN (170, 171)",
        Long.MAX_VALUE / 3);
    try {
      StringBuilder lines = new StringBuilder();
      for (int id = 160; id < 170; id++) {
        lines.append(lines.isEmpty() ? "" : ", ").append("{\"product_id\": ").append(id)
            .append(", \"quantity\": 1000}");
      }
      String beyondExact = "{\"user_id\": 2, \"items\": [" + lines + "]}";
      String beyondLong = "{\"user_id\": 2, \"items\": [{\"product_id\": 170, \"quantity\": 2}, "
          + "{\"product_id\": 171, \"quantity\": 2}]}";
      long orders = TestShop.sql("SELECT count(*) FROM orders").iterator().next().getLong(0);
      for (String body : List.of(beyondExact, beyondLong)) {
        JsonObject p = problem(Http.post("/api/orders", "application/json", body), 422,
            "validation");
        assertThat(pointer(p)).isEqualTo("/items");
        assertThat(p.getJsonArray("errors").getJsonObject(0).getString("detail"))
            .contains("9007199254740991");
      }
      assertThat(TestShop.sql("SELECT count(*) FROM orders").iterator().next().getLong(0))
          .isEqualTo(orders);
      assertThat(TestShop.sql("SELECT sum(stock) FROM products WHERE id BETWEEN 160 AND 171")
          .iterator().next().getLong(0)).isEqualTo(12_000);
    } finally {
      TestShop.sql("UPDATE products SET price_cents = 1000 WHERE id BETWEEN 160 AND 171");
    }
  }

  @Test
  void import_applies_the_patch_price_cap_and_rejects_controls() {
    String ok = "{\"sku\": \"hostile-1\", \"name\": \"n\", \"description\": \"d\", "
        + "\"price_cents\": 1000000000000, \"stock\": 1, \"category_id\": 1}";
    String over = ok.replace("hostile-1", "hostile-2").replace("1000000000000", "1000000000001");
    String control = ok.replace("hostile-1", "hostile-3").replace("\"n\"", "\"n\\u0000\"");
    String infinite = ok.replace("hostile-1", "hostile-4").replace("1000000000000", "1e400");
    HttpResponse<Buffer> r = Http.post("/api/products/import", "application/x-ndjson",
        ok + "\n" + over + "\n" + control + "\n" + infinite + "\n");
    JsonObject p = problem(r, 422, "validation");
    assertThat(p.getLong("imported")).isEqualTo(1);
    assertThat(p.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactly("/lines/2", "/lines/3", "/lines/4");
    assertThat(p.encode()).contains("between 0 and 1000000000000, was 1000000000001",
        "U+0000");
    assertThat(problem(patch("{\"price_cents\": 1000000000001}"), 422, "validation")
        .encode()).contains("1000000000000");
  }

  @Test
  void first_request_of_a_new_key_with_a_body_reads_the_body() {
    // A key no cache has seen: its lookup goes to PostgreSQL while the body is arriving.
    String key = "hostile-" + UUID.randomUUID();
    TestShop.sql("INSERT INTO api_keys (key_hash, user_id, tier) VALUES ($1, 2, 'pro')",
        ApiKey.hash(key));
    try {
      HttpResponse<Buffer> r = Http.post("/api/orders", "application/json",
          "{\"user_id\": 2, \"items\": [{\"product_id\": 1, \"quantity\": 0}]}", "X-API-Key",
          key);
      assertThat(pointer(problem(r, 422, "validation"))).isEqualTo("/items/0/quantity");
    } finally {
      TestShop.sql("DELETE FROM api_keys WHERE key_hash = $1", ApiKey.hash(key));
    }
  }
}
