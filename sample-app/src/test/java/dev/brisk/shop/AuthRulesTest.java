package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** API.md "Identity and access" against the running shop. */
class AuthRulesTest {

  private static final String KEY = "X-API-Key";

  @Test
  void unknown_key_is_a_401_problem_even_on_open_routes() {
    HttpResponse<Buffer> r = Http.get("/api/products/1", KEY, "made-up");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsString()).doesNotContain("made-up");
  }

  @Test
  void keys_are_stored_as_hashes_only() {
    assertThat(TestShop.sql("SELECT count(*) AS n FROM api_keys WHERE key_hash IN ($1, $2, $3)",
        dev.brisk.auth.ApiKey.hash("demo-free"), dev.brisk.auth.ApiKey.hash("demo-pro"),
        dev.brisk.auth.ApiKey.hash("demo-internal")).iterator().next().getLong("n"))
        .isEqualTo(3);
    assertThat(TestShop.sql("SELECT column_name FROM information_schema.columns "
        + "WHERE table_name = 'api_keys' AND column_name = 'key'").size()).isZero();
  }

  @Test
  void another_users_data_is_404_and_anonymous_is_401() {
    assertThat(Http.get("/api/users/1", KEY, "demo-free").statusCode()).isEqualTo(200);
    assertThat(Http.get("/api/users/2", KEY, "demo-free").statusCode()).isEqualTo(404);
    assertThat(Http.get("/api/users/2", KEY, null).statusCode()).isEqualTo(401);
    assertThat(Http.get("/api/users/2/orders", KEY, "demo-free").statusCode()).isEqualTo(404);
    assertThat(Http.get("/api/users/2", KEY, "demo-internal").statusCode()).isEqualTo(200);
  }

  @Test
  void another_users_order_and_a_missing_one_answer_alike() {
    long others = TestShop.sql("SELECT min(id) AS id FROM orders WHERE user_id = 2").iterator()
        .next().getLong("id");
    long missing = TestShop.sql("SELECT max(id) + 1000 AS id FROM orders").iterator().next()
        .getLong("id");
    HttpResponse<Buffer> hidden = Http.get("/api/orders/" + others, KEY, "demo-free");
    HttpResponse<Buffer> absent = Http.get("/api/orders/" + missing, KEY, "demo-free");
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(absent.statusCode()).isEqualTo(404);
    // Same problem apart from the path, same number of statements in Server-Timing.
    assertThat(Http.json(absent).put("detail", "").put("instance", "").put("request_id", ""))
        .isEqualTo(Http.json(hidden).put("detail", "").put("instance", "")
            .put("request_id", ""));
    assertThat(Http.json(absent).getString("detail")).isEqualTo("No resource at /api/orders/"
        + missing);
    assertThat(queries(absent)).isEqualTo(queries(hidden)).isEqualTo("1");
    // The owner gets 200 at the same URL: the 404 is this caller's answer.
    assertThat(hidden.getHeader("Cache-Control")).isEqualTo("private, no-store");
    assertThat(hidden.getHeader("Vary")).contains("X-API-Key");
    // The owner and the internal tier still see the order, and the tier its own 404.
    assertThat(Http.get("/api/orders/" + others, KEY, "demo-pro").statusCode()).isEqualTo(200);
    assertThat(Http.json(Http.get("/api/orders/" + missing, KEY, "demo-internal"))
        .getString("detail")).contains("does not exist");
    assertThat(Http.get("/api/orders/abc", KEY, "demo-free").statusCode()).isEqualTo(400);
  }

  private static String queries(HttpResponse<Buffer> response) {
    return response.getHeader("Server-Timing").replaceAll(".*desc=\"(\\d+) queries.*", "$1");
  }

  @Test
  void order_list_shows_a_non_internal_caller_only_its_own_orders() {
    JsonArray own = Http.json(Http.get("/api/orders?limit=100&fields=user_id", KEY, "demo-free"))
        .getJsonArray("data");
    assertThat(own).isNotEmpty();
    own.forEach(o -> assertThat(((JsonObject) o).getLong("user_id")).isEqualTo(1L));
    JsonArray other = Http.json(Http.get("/api/orders?user_id=2", KEY, "demo-free"))
        .getJsonArray("data");
    assertThat(other).isEmpty();
    JsonArray all = Http.json(Http.get("/api/orders?user_id=2&fields=user_id", KEY,
        "demo-internal")).getJsonArray("data");
    assertThat(all).isNotEmpty();
  }

  @Test
  void caller_dependent_responses_are_private_and_tags_differ_per_caller() {
    HttpResponse<Buffer> free = Http.get("/api/orders?user_id=2", KEY, "demo-free");
    HttpResponse<Buffer> pro = Http.get("/api/orders?user_id=1", KEY, "demo-pro");
    assertThat(free.bodyAsString()).isEqualTo(pro.bodyAsString());
    assertThat(free.getHeader("Cache-Control")).contains("private");
    assertThat(free.getHeader("Vary")).contains("X-API-Key");
    assertThat(free.getHeader("ETag")).isNotEqualTo(pro.getHeader("ETag"));
    assertThat(Http.get("/api/orders?user_id=1", KEY, "demo-pro", "If-None-Match",
        free.getHeader("ETag")).statusCode()).isEqualTo(200);
    assertThat(Http.get("/api/products/1", KEY, null).getHeader("Cache-Control"))
        .doesNotContain("private");
  }

  @Test
  void placing_an_order_takes_the_user_from_the_key() {
    TestShop.sql("UPDATE products SET stock = 1000 WHERE id = 9101");
    JsonObject items = new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("product_id", 9_101).put("quantity", 1)));
    HttpResponse<Buffer> own = Http.postJson("/api/orders", items, KEY, "demo-free");
    assertThat(own.statusCode()).isEqualTo(201);
    assertThat(Http.json(own).getLong("user_id")).isEqualTo(1L);
    HttpResponse<Buffer> other = Http.postJson("/api/orders", items.copy().put("user_id", 2),
        KEY, "demo-free");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(Http.postJson("/api/orders", items, KEY, null).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> internal = Http.postJson("/api/orders", items.copy().put("user_id", 2),
        KEY, "demo-internal");
    assertThat(internal.statusCode()).isEqualTo(201);
    assertThat(Http.json(internal).getLong("user_id")).isEqualTo(2L);
  }

  @Test
  void catalog_writes_need_the_internal_tier() {
    String patch = "{\"stock\": 5}";
    assertThat(Http.post("/api/products/9102", "application/json", patch, KEY, null)
        .statusCode()).isEqualTo(405);
    HttpResponse<Buffer> anonymous = TestBrisk.await(Http.send(HttpMethod.PATCH,
        "/api/products/9102", Buffer.buffer(patch), "Content-Type", "application/json",
        KEY, null));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> pro = TestBrisk.await(Http.send(HttpMethod.PATCH, "/api/products/9102",
        Buffer.buffer(patch), "Content-Type", "application/json", KEY, "demo-pro"));
    assertThat(pro.statusCode()).isEqualTo(403);
  }

  @Test
  void idempotency_keys_are_scoped_to_the_caller_and_validation_failures_are_not_recorded() {
    TestShop.sql("UPDATE products SET stock = 1000 WHERE id = 9103");
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("product_id", 9_103).put("quantity", 1)));
    HttpResponse<Buffer> free = Http.postJson("/api/orders", body, KEY, "demo-free",
        "Idempotency-Key", key);
    HttpResponse<Buffer> pro = Http.postJson("/api/orders", body, KEY, "demo-pro",
        "Idempotency-Key", key);
    assertThat(free.statusCode()).isEqualTo(201);
    assertThat(pro.statusCode()).isEqualTo(201);
    assertThat(pro.getHeader("Idempotent-Replayed")).isNull();
    assertThat(Http.json(pro).getLong("id")).isNotEqualTo(Http.json(free).getLong("id"));

    String second = UUID.randomUUID().toString();
    JsonObject unknownProduct = new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("product_id", 99_999_999).put("quantity", 1)));
    assertThat(Http.postJson("/api/orders", unknownProduct, KEY, "demo-free",
        "Idempotency-Key", second).statusCode()).isEqualTo(422);
    assertThat(Http.postJson("/api/orders", body, KEY, "demo-free", "Idempotency-Key", second)
        .statusCode()).isEqualTo(201);
  }

  @Test
  void batch_sub_requests_run_as_the_outer_caller() {
    JsonObject batch = new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("id", "a").put("method", "GET").put("path", "/api/users/3")
            .put("headers", new JsonObject().put(KEY, "demo-internal")))
        .add(new JsonObject().put("id", "b").put("method", "GET").put("path", "/api/users/1")));
    JsonArray responses = Http.json(Http.postJson("/api/batch", batch, KEY, "demo-free"))
        .getJsonArray("responses");
    assertThat(responses.getJsonObject(0).getInteger("status")).isEqualTo(404);
    assertThat(responses.getJsonObject(1).getInteger("status")).isEqualTo(200);
  }

  @Test
  void cursors_are_bound_to_their_route_and_caller() {
    String products = Http.json(Http.get("/api/products?limit=2", KEY, "demo-free"))
        .getJsonObject("page").getString("next_cursor");
    assertThat(Http.get("/api/orders?limit=2&cursor=" + products, KEY, "demo-free")
        .statusCode()).isEqualTo(400);
    String orders = Http.json(Http.get("/api/orders?limit=2&user_id=1", KEY, "demo-internal"))
        .getJsonObject("page").getString("next_cursor");
    assertThat(Http.get("/api/orders?limit=2&user_id=1&cursor=" + orders, KEY, "demo-internal")
        .statusCode()).isEqualTo(200);
    assertThat(Http.get("/api/orders?limit=2&user_id=1&cursor=" + orders, KEY, "demo-free")
        .statusCode()).isEqualTo(400);
  }

  @Test
  void health_details_only_for_the_internal_tier() {
    JsonObject anonymous = Http.json(Http.get("/health/ready", KEY, null));
    assertThat(anonymous.fieldNames()).containsExactly("status");
    JsonObject internal = Http.json(Http.get("/health/ready", KEY, "demo-internal"));
    assertThat(internal.getJsonObject("checks").fieldNames()).contains("postgres", "redis");
  }

  @Test
  void unknown_methods_are_501_and_never_become_a_metric_label() {
    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.valueOf("BREW"),
        "/api/products", null));
    assertThat(r.statusCode()).isEqualTo(501);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Http.get("/metrics").bodyAsString()).doesNotContain("method=\"BREW\"")
        .contains("method=\"OTHER\"");
  }
}
