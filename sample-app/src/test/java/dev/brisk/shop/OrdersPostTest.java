package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.shop.proto.Order;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OrdersPostTest {

  private static JsonObject order(long user, long product, int quantity) {
    return new JsonObject().put("user_id", user).put("items", new JsonArray()
        .add(new JsonObject().put("product_id", product).put("quantity", quantity)));
  }

  private static long stock(long product) {
    return TestShop.sql("SELECT stock FROM products WHERE id = $1", product).iterator().next()
        .getLong("stock");
  }

  @Test
  void creates_order_and_decrements_stock() {
    TestShop.sql("UPDATE products SET stock = 10 WHERE id = 101");
    HttpResponse<Buffer> r = Http.postJson("/api/orders", order(7, 101, 3));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject body = Http.json(r);
    long id = body.getLong("id");
    assertThat(r.getHeader("Location")).isEqualTo("/api/orders/" + id);
    assertThat(body.getLong("user_id")).isEqualTo(7);
    assertThat(body.getString("status")).isEqualTo("pending");
    long price = TestShop.sql("SELECT price_cents FROM products WHERE id = 101").iterator().next()
        .getLong("price_cents");
    assertThat(body.getLong("total_cents")).isEqualTo(3 * price);
    assertThat(body.getJsonArray("items").getJsonObject(0).getLong("unit_price_cents"))
        .isEqualTo(price);
    assertThat(stock(101)).isEqualTo(7);
    assertThat(TestShop.sql("SELECT count(*) AS n FROM order_items WHERE order_id = $1", id)
        .iterator().next().getLong("n")).isEqualTo(1);
    assertThat(r.getHeader("Server-Timing")).matches("db;dur=[0-9.]+;desc=\"[1-9][0-9]* queries\""
        + ", total;dur=[0-9.]+");
  }

  @Test
  void insufficient_stock_is_409_and_changes_nothing() {
    TestShop.sql("UPDATE products SET stock = 2 WHERE id = 102");
    long orders = TestShop.sql("SELECT count(*) AS n FROM orders").iterator().next().getLong("n");
    HttpResponse<Buffer> r = Http.postJson("/api/orders", order(7, 102, 3));
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Http.json(r).getString("detail")).contains("product 102");
    assertThat(stock(102)).isEqualTo(2);
    assertThat(TestShop.sql("SELECT count(*) AS n FROM orders").iterator().next().getLong("n"))
        .isEqualTo(orders);
  }

  /** API.md: writes honour If-Match; an order has no ETag before it exists. */
  @Test
  void a_precondition_that_cannot_hold_is_412_and_places_nothing() {
    TestShop.sql("UPDATE products SET stock = 10 WHERE id = 110");
    String lines = "SELECT count(*) AS n FROM order_items WHERE product_id = 110";
    long before = TestShop.sql(lines).iterator().next().getLong("n");
    for (String[] header : new String[][] {{"If-Match", "\"nope\""}, {"If-None-Match", "*"}}) {
      HttpResponse<Buffer> r = Http.postJson("/api/orders", order(7, 110, 1), header[0],
          header[1], "Idempotency-Key", UUID.randomUUID().toString());
      assertThat(r.statusCode()).as(header[0]).isEqualTo(412);
      assertThat(Http.json(r).getString("type")).endsWith("/precondition-failed");
    }
    assertThat(stock(110)).isEqualTo(10);
    assertThat(TestShop.sql(lines).iterator().next().getLong("n")).isEqualTo(before);
    assertThat(Http.postJson("/api/orders", order(7, 110, 1), "If-Match", "*").statusCode())
        .isEqualTo(201);
  }

  @Test
  void unacceptable_accept_is_406_and_places_nothing() {
    TestShop.sql("UPDATE products SET stock = 10 WHERE id = 109");
    String lines = "SELECT count(*) AS n FROM order_items WHERE product_id = 109";
    long before = TestShop.sql(lines).iterator().next().getLong("n");
    for (String accept : new String[] {"text/html",
        "application/x-protobuf; proto=brisk.shop.User"}) {
      HttpResponse<Buffer> r = Http.postJson("/api/orders", order(7, 109, 1), "Accept", accept,
          "Idempotency-Key", UUID.randomUUID().toString());
      assertThat(r.statusCode()).as(accept).isEqualTo(406);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    assertThat(stock(109)).isEqualTo(10);
    assertThat(TestShop.sql(lines).iterator().next().getLong("n")).isEqualTo(before);
  }

  @Test
  void an_order_answers_protobuf_when_asked_and_so_does_its_replay() throws Exception {
    TestShop.sql("UPDATE products SET stock = 10 WHERE id = 117");
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> placed = Http.postJson("/api/orders", order(7, 117, 2), "Accept",
        "application/x-protobuf", "Idempotency-Key", key);
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
    assertThat(placed.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    // JSON or protobuf by Accept: the answer says it varies on Accept (RFC 9110 section 12.5.5).
    assertThat(placed.getHeader("Vary").split(",\\s*")).contains("Accept");
    Order order = Order.parseFrom(placed.body().getBytes());
    assertThat(placed.getHeader("Location")).isEqualTo("/api/orders/" + order.getId());
    assertThat(order.getUserId()).isEqualTo(7);
    assertThat(order.getItemsList()).hasSize(1);
    assertThat(order.getItems(0).getProductId()).isEqualTo(117);
    assertThat(order.getItems(0).getQuantity()).isEqualTo(2);
    HttpResponse<Buffer> replayed = Http.postJson("/api/orders", order(7, 117, 2), "Accept",
        "application/x-protobuf", "Idempotency-Key", key);
    assertThat(replayed.statusCode()).isEqualTo(201);
    assertThat(replayed.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayed.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(replayed.getHeader("Vary").split(",\\s*")).contains("Accept");
    assertThat(Order.parseFrom(replayed.body().getBytes())).isEqualTo(order);
    // The same order as JSON to a client that asks for JSON.
    HttpResponse<Buffer> json = Http.postJson("/api/orders", order(7, 117, 2),
        "Idempotency-Key", key);
    assertThat(Http.json(json).getLong("id")).isEqualTo(order.getId());
    assertThat(stock(117)).isEqualTo(8);
  }

  @Test
  void unknown_user_and_product_are_422_with_pointers() {
    HttpResponse<Buffer> r = Http.postJson("/api/orders", order(99_999_999, 103, 1));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(Http.json(r).getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/user_id");
    JsonObject two = new JsonObject().put("user_id", 7).put("items", new JsonArray()
        .add(new JsonObject().put("product_id", 103).put("quantity", 1))
        .add(new JsonObject().put("product_id", 88_888_888).put("quantity", 1)));
    r = Http.postJson("/api/orders", two);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(Http.json(r).getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/items/1/product_id");
  }

  @Test
  void an_unknown_user_and_unknown_products_are_named_in_one_422() {
    JsonObject all = new JsonObject().put("user_id", 99_999_999).put("items", new JsonArray()
        .add(new JsonObject().put("product_id", 88_888_888).put("quantity", 1))
        .add(new JsonObject().put("product_id", 103).put("quantity", 1))
        .add(new JsonObject().put("product_id", 88_888_889).put("quantity", 1)));
    HttpResponse<Buffer> r = Http.postJson("/api/orders", all);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertThat(Http.json(r).getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactly("/user_id", "/items/0/product_id", "/items/2/product_id");
  }

  @Test
  void invalid_fields_are_422_naming_each() {
    String[][] cases = {
        {"{\"user_id\": 7, \"items\": [{\"product_id\": 5, \"quantity\": 0}]}", "/items/0/quantity"},
        {"{\"user_id\": 7, \"items\": [{\"product_id\": 5, \"quantity\": -4}]}", "/items/0/quantity"},
        {"{\"user_id\": 7, \"items\": [{\"product_id\": 5, \"quantity\": 1e30}]}",
            "/items/0/quantity"},
        {"{\"user_id\": 7, \"items\": [{\"product_id\": 5, \"quantity\": 1.5}]}",
            "/items/0/quantity"},
        // A fraction a double cannot hold is still a fraction, not the 1 it rounds to.
        {"{\"user_id\": 7, \"items\": [{\"product_id\": 5, \"quantity\": 1.0000000000000000000001}]}",
            "/items/0/quantity"},
        {"{\"user_id\": 7.000000000000000000001, \"items\": [{\"product_id\": 5, \"quantity\": 1}]}",
            "/user_id"},
        {"{\"user_id\": \"7\", \"items\": [{\"product_id\": 5, \"quantity\": 1}]}", "/user_id"},
        {"{\"user_id\": 99999999999999999999999, \"items\": [{\"product_id\": 5, \"quantity\": 1}]}",
            "/user_id"},
        {"{\"user_id\": -1, \"items\": [{\"product_id\": 5, \"quantity\": 1}]}", "/user_id"},
        {"{\"items\": [{\"product_id\": 5, \"quantity\": 1}]}", "/user_id"},
        {"{\"user_id\": 7, \"items\": []}", "/items"},
        {"{\"user_id\": 7, \"items\": {}}", "/items"},
        {"{\"user_id\": 7, \"items\": [5]}", "/items/0"},
        {"{\"user_id\": 7, \"items\": [{\"product_id\": 5, \"quantity\": 1, \"x\": 1}]}",
            "/items/0/x"},
        {"{\"user_id\": 7, \"coupon\": \"FREE\", \"items\": [{\"product_id\": 5, \"quantity\": 1}]}",
            "/coupon"},
        {"{\"user_id\": 7, \"items\": [{\"product_id\": null, \"quantity\": 1}]}",
            "/items/0/product_id"},
    };
    for (String[] c : cases) {
      HttpResponse<Buffer> r = Http.post("/api/orders", "application/json", c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(422);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      JsonObject problem = Http.json(r);
      assertThat(problem.getString("type")).endsWith("/validation");
      assertThat(problem.getJsonArray("errors").stream()
          .map(e -> ((JsonObject) e).getString("pointer"))).as(c[0]).contains(c[1]);
    }
  }

  @Test
  void malformed_json_is_400() {
    for (String body : new String[] {"{", "{\"user_id\": 7,", "not json", "{\"a\":}", ""}) {
      HttpResponse<Buffer> r = Http.post("/api/orders", "application/json", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(Http.json(r).getString("title")).isEqualTo("Malformed JSON");
    }
    HttpResponse<Buffer> array = Http.post("/api/orders", "application/json", "[1,2]");
    assertThat(array.statusCode()).isEqualTo(422);
  }

  @Test
  void wrong_content_type_is_415() {
    HttpResponse<Buffer> r = Http.post("/api/orders", "text/plain", "{\"user_id\": 1}");
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(Http.json(r).getString("detail")).contains("text/plain");
    HttpResponse<Buffer> none = Http.post("/api/orders", null, "{\"user_id\": 1}");
    assertThat(none.statusCode()).isEqualTo(415);
    // JSON is UTF-8 only: a body declared in another charset would be misread.
    HttpResponse<Buffer> latin1 = Http.post("/api/orders",
        "application/json; charset=ISO-8859-1", "{\"user_id\": 1}");
    assertThat(latin1.statusCode()).isEqualTo(415);
    // Each 415 of a POST names what to send instead, as the import's and a PATCH's do.
    for (HttpResponse<Buffer> refused : List.of(r, none, latin1)) {
      assertThat(refused.getHeader("Accept-Post")).isEqualTo("application/json");
    }
    assertThat(Http.json(latin1).getString("detail")).contains("charset other than UTF-8");
    assertThat(Http.post("/api/orders", "application/json; charset=\"utf-8\"", "{}")
        .statusCode()).isEqualTo(422);
  }

  @Test
  void body_over_one_mebibyte_is_413() {
    String big = "{\"user_id\": 7, \"pad\": \"" + "x".repeat(1 << 20) + "\"}";
    HttpResponse<Buffer> r = Http.post("/api/orders", "application/json", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void two_hundred_concurrent_orders_never_oversell() {
    TestShop.sql("UPDATE products SET stock = 50 WHERE id = 104");
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add(Http.send(HttpMethod.POST, "/api/orders", order(1 + i % 50, 104, 1).toBuffer(),
          "Content-Type", "application/json"));
    }
    TestBrisk.await(Future.join(all));
    Map<Integer, Long> statuses = all.stream().collect(Collectors.groupingBy(
        f -> f.result().statusCode(), TreeMap::new, Collectors.counting()));
    assertThat(statuses).isEqualTo(Map.of(201, 50L, 409, 150L));
    assertThat(stock(104)).isZero();
  }

  @Test
  void fifty_concurrent_replays_of_one_key_create_one_order() {
    TestShop.sql("UPDATE products SET stock = 100 WHERE id = 105");
    String key = UUID.randomUUID().toString();
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(Http.send(HttpMethod.POST, "/api/orders", order(9, 105, 2).toBuffer(),
          "Content-Type", "application/json", "Idempotency-Key", key));
    }
    TestBrisk.await(Future.join(all));
    assertThat(all).allSatisfy(f -> assertThat(f.result().statusCode()).isEqualTo(201));
    long ids = all.stream().map(f -> f.result().bodyAsJsonObject().getLong("id")).distinct()
        .count();
    assertThat(ids).isEqualTo(1);
    assertThat(stock(105)).isEqualTo(98);
    assertThat(all.stream().filter(f -> "true".equals(f.result().getHeader("Idempotent-Replayed")))
        .count()).isEqualTo(49);
  }

  @Test
  void replay_returns_first_result_and_key_reuse_with_other_body_is_422() {
    TestShop.sql("UPDATE products SET stock = 5 WHERE id = 106");
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> first = Http.postJson("/api/orders", order(9, 106, 1),
        "Idempotency-Key", key);
    HttpResponse<Buffer> again = Http.postJson("/api/orders", order(9, 106, 1),
        "Idempotency-Key", key);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(again.getHeader("Location")).isEqualTo(first.getHeader("Location"));
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(Http.json(Http.get("/openapi.json")).getJsonObject("paths")
        .getJsonObject("/api/orders").getJsonObject("post").getJsonObject("responses")
        .getJsonObject("201").getJsonObject("headers").fieldNames())
        .contains("Idempotent-Replayed");
    assertThat(stock(106)).isEqualTo(4);
    HttpResponse<Buffer> other = Http.postJson("/api/orders", order(9, 106, 2),
        "Idempotency-Key", key);
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(stock(106)).isEqualTo(4);
  }

  @Test
  void recorded_conflict_is_replayed_not_retried() {
    TestShop.sql("UPDATE products SET stock = 0 WHERE id = 107");
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> first = Http.postJson("/api/orders", order(9, 107, 1),
        "Idempotency-Key", key);
    assertThat(first.statusCode()).isEqualTo(409);
    TestShop.sql("UPDATE products SET stock = 5 WHERE id = 107");
    HttpResponse<Buffer> again = Http.postJson("/api/orders", order(9, 107, 1),
        "Idempotency-Key", key);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(Http.json(Http.get("/openapi.json")).getJsonObject("components")
        .getJsonObject("responses").getJsonObject("Problem409").getJsonObject("headers")
        .fieldNames()).contains("Idempotent-Replayed");
    assertThat(stock(107)).isEqualTo(5);
  }
}
