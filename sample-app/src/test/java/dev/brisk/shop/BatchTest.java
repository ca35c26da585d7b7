package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchTest {

  private static final Pattern QUERIES = Pattern.compile("desc=\"(\\d+) queries\"");

  static JsonObject get(String id, String path) {
    return new JsonObject().put("id", id).put("method", "GET").put("path", path);
  }

  /**
   * The tests count statements: the API key's lookup, cached for --key-cache-ttl (30 s), would
   * add one when a test runs longer than that after the last request with it.
   */
  @BeforeEach
  void lookUpTheKeyFirst() {
    Http.get("/api/products/1?fields=id");
  }

  static HttpResponse<Buffer> batch(JsonArray requests, String... headers) {
    return Http.postJson("/api/batch", new JsonObject().put("requests", requests), headers);
  }

  static int queries(HttpResponse<Buffer> r) {
    return queries(r.getHeader("Server-Timing"));
  }

  static int queries(String serverTiming) {
    Matcher m = QUERIES.matcher(serverTiming);
    assertThat(m.find()).as(serverTiming).isTrue();
    return Integer.parseInt(m.group(1));
  }

  static JsonObject byId(HttpResponse<Buffer> r, String id) {
    for (Object o : Http.json(r).getJsonArray("responses")) {
      if (id.equals(((JsonObject) o).getString("id"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no response " + id + " in " + r.bodyAsString());
  }

  /**
   * A stream or an upload inside a batch is refused as such (400), before the checks that
   * would refuse it outside one: the import was 415 for its JSON body (403 for demo-free), the
   * export 406 for its Accept, as if fixing those would let them run.
   */
  @Test
  void streams_and_uploads_are_refused_as_such_whatever_else_is_wrong() {
    JsonObject upload = new JsonObject().put("id", "imp").put("method", "POST")
        .put("path", "/api/products/import").put("body", new JsonObject());
    JsonObject export = get("exp", "/api/products/export").put("headers",
        new JsonObject().put("Accept", "text/html"));
    for (String key : List.of("demo-internal", "demo-free")) {
      HttpResponse<Buffer> r = batch(new JsonArray().add(upload).add(export), "X-API-Key", key);
      for (String id : List.of("imp", "exp")) {
        JsonObject answer = byId(r, id);
        assertThat(answer.getInteger("status")).as(key + " " + id + " " + answer).isEqualTo(400);
        assertThat(answer.getJsonObject("body").getString("detail"))
            .contains("not available inside a batch");
      }
    }
  }

  @Test
  void runs_sub_requests_through_the_router_in_order() {
    HttpResponse<Buffer> r = batch(new JsonArray()
        .add(get("a", "/api/products/1?fields=name"))
        .add(get("b", "/api/users/2"))
        .add(get("c", "/api/nothing")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray responses = Http.json(r).getJsonArray("responses");
    assertThat(responses.stream().map(o -> ((JsonObject) o).getString("id")))
        .containsExactly("a", "b", "c");
    JsonObject a = responses.getJsonObject(0);
    assertThat(a.getInteger("status")).isEqualTo(200);
    assertThat(a.getJsonObject("body").fieldNames()).containsExactly("name");
    assertThat(a.getJsonObject("headers").getString("ETag")).isNotBlank();
    assertThat(responses.getJsonObject(1).getJsonObject("body").getString("tier"))
        .isEqualTo("pro");
    JsonObject c = responses.getJsonObject(2);
    assertThat(c.getInteger("status")).isEqualTo(404);
    assertThat(c.getJsonObject("body").getString("type")).endsWith("/not-found");
  }

  @Test
  void twenty_product_lookups_share_batched_queries() {
    JsonArray requests = new JsonArray();
    for (int i = 1; i <= 20; i++) {
      requests.add(get("p" + i, "/api/products/" + (200 + i) + "?fields=name,category(name)"));
    }
    HttpResponse<Buffer> r = batch(requests);
    assertThat(r.statusCode()).isEqualTo(200);
    for (int i = 1; i <= 20; i++) {
      JsonObject sub = byId(r, "p" + i);
      assertThat(sub.getInteger("status")).isEqualTo(200);
      assertThat(sub.getJsonObject("body").getJsonObject("category").getString("name"))
          .isNotBlank();
    }
    // One query for the 20 products' row versions (cache validators), one for the products and
    // one for their categories, not 60; then all 20 come from the cache.
    assertThat(queries(r)).isEqualTo(3);
    assertThat(queries(batch(requests))).isZero();

    // Without embeds each row is read with its version: one query for the 20 versions, one
    // for the rows (they were 20 version queries, one per sub-request).
    JsonArray plain = new JsonArray();
    for (int i = 1; i <= 20; i++) {
      plain.add(get("q" + i, "/api/products/" + (300 + i)));
    }
    HttpResponse<Buffer> rows = batch(plain);
    for (int i = 1; i <= 20; i++) {
      assertThat(byId(rows, "q" + i).getJsonObject("body").getLong("id")).isEqualTo(300L + i);
    }
    assertThat(queries(rows)).isEqualTo(2);
  }

  @Test
  void a_retried_batch_with_an_idempotency_key_places_its_order_once() {
    String key = "batch-" + java.util.UUID.randomUUID();
    JsonArray requests = new JsonArray().add(new JsonObject().put("id", "order")
        .put("method", "POST").put("path", "/api/orders").put("body", new JsonObject()
            .put("user_id", 3).put("items", new JsonArray().add(new JsonObject()
                .put("product_id", 42).put("quantity", 1)))));
    long before = orders();

    JsonObject first = byId(batch(requests, "Idempotency-Key", key), "order");
    JsonObject again = byId(batch(requests, "Idempotency-Key", key), "order");

    assertThat(first.getInteger("status")).as(first.encode()).isEqualTo(201);
    assertThat(again.getInteger("status")).isEqualTo(201);
    assertThat(again.getJsonObject("headers").getString("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.getJsonObject("body")).isEqualTo(first.getJsonObject("body"));
    assertThat(orders()).isEqualTo(before + 1);
  }

  @Test
  void a_batch_with_the_longest_idempotency_key_places_its_orders_once() {
    // 255 characters, the most a key may have: the derived sub-request keys must fit too.
    String key = ("long-batch-" + java.util.UUID.randomUUID()).repeat(8).substring(0, 255);
    JsonArray requests = new JsonArray();
    for (String id : List.of("order", "x".repeat(200))) {
      requests.add(new JsonObject().put("id", id).put("method", "POST")
          .put("path", "/api/orders").put("body", new JsonObject().put("user_id", 3)
              .put("items", new JsonArray().add(new JsonObject().put("product_id", 43)
                  .put("quantity", 1)))));
    }
    long before = orders();

    HttpResponse<Buffer> first = batch(requests, "Idempotency-Key", key);
    HttpResponse<Buffer> again = batch(requests, "Idempotency-Key", key);

    for (String id : List.of("order", "x".repeat(200))) {
      assertThat(byId(first, id).getInteger("status")).as(first.bodyAsString()).isEqualTo(201);
      JsonObject replayed = byId(again, id);
      assertThat(replayed.getInteger("status")).as(again.bodyAsString()).isEqualTo(201);
      assertThat(replayed.getJsonObject("headers").getString("Idempotent-Replayed"))
          .isEqualTo("true");
      assertThat(replayed.getJsonObject("body")).isEqualTo(byId(first, id).getJsonObject("body"));
    }
    assertThat(byId(first, "order").getJsonObject("body").getLong("id"))
        .isNotEqualTo(byId(first, "x".repeat(200)).getJsonObject("body").getLong("id"));
    assertThat(orders()).isEqualTo(before + 2);
  }

  private static long orders() {
    return TestShop.sql("SELECT count(*) AS n FROM orders").iterator().next().getLong("n");
  }

  @Test
  void outer_server_timing_counts_the_queries_of_every_sub_request() {
    JsonArray requests = new JsonArray();
    for (int user = 1901; user <= 1905; user++) {
      requests.add(get("u" + user, "/api/orders?user_id=" + user + "&limit=7&fields=id,status"));
    }
    HttpResponse<Buffer> r = batch(requests);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Length")).isNotNull();
    List<Integer> each = Http.json(r).getJsonArray("responses").stream()
        .map(o -> queries(((JsonObject) o).getJsonObject("headers").getString("Server-Timing")))
        .toList();
    assertThat(each).as("uncached reads").allSatisfy(n -> assertThat(n).isPositive());
    assertThat(queries(r)).isEqualTo(each.stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void control_character_in_an_id_fails_the_batch_with_422_naming_it() {
    HttpResponse<Buffer> r = batch(new JsonArray().add(get("x\u0000y", "/api/categories/1")));

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Http.json(r).getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/requests/0/id");
  }

  @Test
  void protobuf_inside_a_batch_decodes_to_the_bytes_served_outside() {
    HttpResponse<Buffer> outside = Http.get("/api/products/7", "Accept",
        "application/x-protobuf");
    HttpResponse<Buffer> r = batch(new JsonArray().add(get("pb", "/api/products/7")
        .put("headers", new JsonObject().put("Accept", "application/x-protobuf"))));

    JsonObject pb = byId(r, "pb");
    assertThat(pb.getInteger("status")).isEqualTo(200);
    assertThat(pb.getString("body_encoding")).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(pb.getString("body")))
        .isEqualTo(outside.body().getBytes());
  }

  @Test
  void malformed_entries_fail_in_place_only() {
    HttpResponse<Buffer> r = batch(new JsonArray()
        .add(get("ok", "/api/products/5?fields=id"))
        .add(new JsonObject().put("id", "nopath").put("method", "GET"))
        .add(new JsonObject().put("id", "badmethod").put("method", "BREW").put("path", "/x"))
        .add("not an object")
        .add(get("nested", "/api/batch").put("method", "POST")
            .put("body", new JsonObject().put("requests", new JsonArray())))
        .add(get("unacceptable", "/api/products/5").put("headers",
            new JsonObject().put("Accept", "text/csv"))));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(byId(r, "ok").getInteger("status")).isEqualTo(200);
    assertThat(byId(r, "nopath").getInteger("status")).isEqualTo(400);
    assertThat(byId(r, "nopath").getJsonObject("body").getString("detail")).contains("path");
    assertThat(byId(r, "badmethod").getInteger("status")).isEqualTo(400);
    assertThat(Http.json(r).getJsonArray("responses").getJsonObject(3).getInteger("status"))
        .isEqualTo(400);
    assertThat(byId(r, "nested").getInteger("status")).isEqualTo(400);
    assertThat(byId(r, "unacceptable").getInteger("status")).isEqualTo(406);
  }

  @Test
  void whole_batch_errors_are_problems() {
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 51; i++) {
      tooMany.add(get("r" + i, "/api/products/1"));
    }
    assertThat(batch(tooMany).statusCode()).isEqualTo(413);
    HttpResponse<Buffer> dup = batch(new JsonArray().add(get("x", "/api/products/1"))
        .add(get("x", "/api/products/2")));
    // Well-formed JSON whose content is invalid: 422 (validation) naming the entry, as API.md's
    // "malformed JSON 400 ... validation 422" says; 400 stays for JSON that does not parse.
    assertThat(dup.statusCode()).isEqualTo(422);
    assertThat(Http.json(dup).getString("type")).endsWith("/validation");
    assertThat(Http.json(dup).getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/requests/1/id");
    assertThat(Http.json(dup).getString("detail")).contains("'x'");
    HttpResponse<Buffer> cycle = batch(new JsonArray()
        .add(get("a", "/api/products/1").put("depends_on", new JsonArray().add("b")))
        .add(get("b", "/api/products/2").put("depends_on", new JsonArray().add("a"))));
    assertThat(cycle.statusCode()).isEqualTo(422);
    assertThat(Http.json(cycle).getString("type")).endsWith("/validation");
    assertThat(Http.json(cycle).getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .matches("/requests/[01]/depends_on");
    assertThat(Http.json(cycle).getString("detail")).contains("cycle");
    assertThat(Http.post("/api/batch", "application/json", "{\"requests\": 5}").statusCode())
        .isEqualTo(422);
    assertThat(Http.post("/api/batch", "application/json", "{oops").statusCode())
        .isEqualTo(400);
    HttpResponse<Buffer> plain = Http.post("/api/batch", "text/plain", "{}");
    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(plain.getHeader("Accept-Post")).isEqualTo("application/json");
  }

  @Test
  void depends_on_orders_writes_before_reads_and_failed_dependency_is_424() {
    TestShop.sql("UPDATE products SET stock = 10 WHERE id = 120");
    JsonObject order = new JsonObject().put("user_id", 3).put("items", new JsonArray()
        .add(new JsonObject().put("product_id", 120).put("quantity", 4)));
    HttpResponse<Buffer> r = batch(new JsonArray()
        .add(get("stock", "/api/products/120?fields=stock").put("depends_on",
            new JsonArray().add("buy")))
        .add(new JsonObject().put("id", "buy").put("method", "POST").put("path", "/api/orders")
            .put("body", order))
        .add(new JsonObject().put("id", "fail").put("method", "POST").put("path", "/api/orders")
            .put("body", new JsonObject().put("user_id", 3)))
        .add(get("after-fail", "/api/products/120").put("depends_on",
            new JsonArray().add("fail"))));
    assertThat(byId(r, "buy").getInteger("status")).isEqualTo(201);
    assertThat(byId(r, "stock").getJsonObject("body").getInteger("stock")).isEqualTo(6);
    assertThat(byId(r, "fail").getInteger("status")).isEqualTo(422);
    assertThat(byId(r, "after-fail").getInteger("status")).isEqualTo(424);
  }

  @Test
  void a_read_after_a_write_in_the_same_batch_sees_the_write_and_caches_nothing_older() {
    // "before" reads the products (the batch's shared lookups remember them), "patch" changes
    // them, "after" reads them again once the patch has been answered (depends_on).
    String plain = "/api/products/9201";
    String embed = "/api/products/9202?fields=name,category(name)";
    JsonObject rename = new JsonObject().put("name", "Renamed in a batch");
    HttpResponse<Buffer> r = batch(new JsonArray()
        .add(get("before-plain", plain)).add(get("before-embed", embed))
        .add(patch("patch-plain", "/api/products/9201", rename)
            .put("depends_on", new JsonArray().add("before-plain").add("before-embed")))
        .add(patch("patch-embed", "/api/products/9202", rename)
            .put("depends_on", new JsonArray().add("before-plain").add("before-embed")))
        .add(get("after-plain", plain).put("depends_on", new JsonArray().add("patch-plain")))
        .add(get("after-embed", embed).put("depends_on", new JsonArray().add("patch-embed"))));

    assertThat(byId(r, "patch-plain").getInteger("status")).isEqualTo(200);
    assertThat(byId(r, "patch-embed").getInteger("status")).isEqualTo(200);
    for (String id : List.of("after-plain", "after-embed")) {
      assertThat(byId(r, id).getJsonObject("body").getString("name")).as(id)
          .isEqualTo("Renamed in a batch");
    }
    // The patch's ETag is the one of the representation now served, in and outside the batch.
    String etag = byId(r, "patch-plain").getJsonObject("headers").getString("ETag");
    assertThat(byId(r, "after-plain").getJsonObject("headers").getString("ETag"))
        .isEqualTo(etag);
    HttpResponse<Buffer> outside = Http.get(plain);
    assertThat(Http.json(outside).getString("name")).isEqualTo("Renamed in a batch");
    assertThat(outside.getHeader("ETag")).isEqualTo(etag);
    assertThat(Http.json(Http.get(embed)).getString("name")).isEqualTo("Renamed in a batch");
  }

  @Test
  void patches_in_one_batch_answer_each_the_etag_of_their_own_write() {
    JsonArray requests = new JsonArray();
    for (int id = 9203; id <= 9206; id++) {
      requests.add(patch("p" + id, "/api/products/" + id,
          new JsonObject().put("price_cents", 1000 + id)));
    }
    HttpResponse<Buffer> r = batch(requests);

    for (int id = 9203; id <= 9206; id++) {
      JsonObject sub = byId(r, "p" + id);
      assertThat(sub.getInteger("status")).isEqualTo(200);
      HttpResponse<Buffer> now = Http.get("/api/products/" + id);
      assertThat(Http.json(now).getLong("price_cents")).isEqualTo(1000L + id);
      assertThat(sub.getJsonObject("headers").getString("ETag")).as("ETag of " + id)
          .isEqualTo(now.getHeader("ETag"));
    }
  }

  static JsonObject patch(String id, String path, JsonObject body) {
    return new JsonObject().put("id", id).put("method", "PATCH").put("path", path)
        .put("headers", new JsonObject().put("Content-Type", "application/merge-patch+json"))
        .put("body", body);
  }

  @Test
  void ndjson_streams_one_line_per_sub_response() {
    HttpResponse<Buffer> r = batch(new JsonArray().add(get("a", "/api/products/1"))
        .add(get("b", "/api/products/2")).add(get("c", "/api/products/3")),
        "Accept", "application/x-ndjson");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("application/x-ndjson");
    List<String> lines = r.bodyAsString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.stream().map(l -> new JsonObject(l).getString("id")))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(lines.stream().map(l -> new JsonObject(l).getInteger("status")))
        .as("the batch's Accept is not the sub-requests'").containsOnly(200);
  }

  @Test
  void exports_and_imports_are_400_in_place() {
    HttpResponse<Buffer> r = batch(new JsonArray().add(get("export", "/api/products/export"))
        .add(new JsonObject().put("id", "import").put("method", "POST")
            .put("path", "/api/products/import").put("headers", new JsonObject()
                .put("Content-Type", "application/x-ndjson")).put("body", "{}"))
        .add(get("one", "/api/products/1")));

    assertThat(byId(r, "export").getInteger("status")).isEqualTo(400);
    assertThat(byId(r, "import").getInteger("status")).isEqualTo(400);
    assertThat(byId(r, "one").getInteger("status")).isEqualTo(200);
  }

  @Test
  void a_sub_response_over_1_mib_is_413_in_place() {
    HttpResponse<Buffer> r = batch(new JsonArray()
        .add(get("big", "/api/categories?limit=50&fields=id,products"))
        .add(get("small", "/api/products/1")));

    assertThat(byId(r, "big").getInteger("status")).isEqualTo(413);
    assertThat(byId(r, "small").getInteger("status")).isEqualTo(200);
  }

  @Test
  void nested_embeds_cost_a_constant_number_of_queries() {
    String fields = "fields=id,user(name),items(quantity,product(name,category(name)))";
    HttpResponse<Buffer> one = Http.get("/api/orders?limit=1&" + fields);
    HttpResponse<Buffer> hundred = Http.get("/api/orders?limit=100&" + fields);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(Http.json(hundred).getJsonArray("data")).hasSize(100);
    assertThat(queries(hundred)).isLessThanOrEqualTo(5).isEqualTo(queries(one));
  }
}
