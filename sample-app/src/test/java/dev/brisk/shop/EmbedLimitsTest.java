package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Embedded lists are capped per parent (100 by default; a small-dataset category has about 200
 * products) and one request embeds at most 50,000 rows, a batch's sub-requests together; lower
 * tiers fewer (anonymous 12,500).
 */
class EmbedLimitsTest {

  @Test
  void a_category_embeds_at_most_100_products_and_says_there_are_more() {
    JsonObject category = Http.json(Http.get("/api/categories/1?fields=id,products(id)"));

    assertThat(category.getJsonArray("products")).hasSize(100);
    assertThat(category.getBoolean("products_has_more")).isTrue();
    List<Long> ids = category.getJsonArray("products").stream()
        .map(p -> ((JsonObject) p).getLong("id")).toList();
    assertThat(ids).isSorted();
  }

  @Test
  void an_uncapped_embed_carries_no_has_more() {
    JsonObject order = Http.json(Http.get("/api/orders/1?fields=id,items(quantity)"));

    assertThat(order.getJsonArray("items")).isNotEmpty();
    assertThat(order.containsKey("items_has_more")).isFalse();
  }

  @Test
  void every_category_of_a_list_is_capped() {
    JsonArray data = Http.json(Http.get("/api/categories?limit=3&fields=id,products(id)"))
        .getJsonArray("data");

    assertThat(data).hasSize(3).allSatisfy(c -> {
      assertThat(((JsonObject) c).getJsonArray("products")).hasSize(100);
      assertThat(((JsonObject) c).getBoolean("products_has_more")).isTrue();
    });
  }

  @Test
  void nested_embeds_that_multiply_stop_at_the_row_budget_before_they_are_built() {
    // 50 categories x 100 products x their category's 100 products x ...: 10^8 objects in the
    // response from a few thousand distinct rows. Once ran the server out of memory.
    for (String fields : List.of("products(category(products(category(products(id)))))",
        "products(id,category(products(id)))")) {
      HttpResponse<Buffer> r = Http.get("/api/categories?limit=100&fields=" + fields);
      assertThat(r.statusCode()).as(fields).isEqualTo(413);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.bodyAsString()).contains("more than 50000 rows");
    }
    HttpResponse<Buffer> r = Http.get(
        "/api/products?limit=100&fields=category(products(category(products(description))))");
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void lower_tiers_embed_less_while_every_documented_call_still_fits() {
    // 100 products, each with a copy of its category's 100 products and their category:
    // 100 x (1 + 100 x 2) = 20,100 rows, over the anonymous tier's 12,500, within free's 37,500.
    String wide = "/api/products?limit=100&fields=id,category(products(id,category(id)))";
    HttpResponse<Buffer> anonymous = Http.get(wide, "X-API-Key", null);
    assertThat(anonymous.statusCode()).isEqualTo(413);
    assertThat(anonymous.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Http.json(anonymous).getString("detail"))
        .contains("more than 12500 rows (the budget of tier anonymous)");
    assertThat(Http.get(wide, "X-API-Key", "demo-free").statusCode()).isEqualTo(200);
    assertThat(Http.get(wide).statusCode()).isEqualTo(200);
    // A full page of categories with their 100 products each, a page of products with their
    // category's products (100 x 101), a category's first 100 products: as API.md has them.
    for (String uri : List.of("/api/categories?limit=100&fields=id,products(id)",
        "/api/products?limit=100&fields=id,category(name,products(id))",
        "/api/categories/1?fields=products")) {
      assertThat(Http.get(uri, "X-API-Key", null).statusCode()).as(uri).isEqualTo(200);
    }
  }

  @Test
  void a_page_sharing_its_embeds_is_served() {
    // 100 products share a few categories: each copy counts, 100 x (1 + 100) is within budget.
    JsonArray data = Http.json(Http.get(
        "/api/products?limit=100&fields=id,category(name,products(id))")).getJsonArray("data");

    assertThat(data).hasSize(100).allSatisfy(p -> assertThat(((JsonObject) p)
        .getJsonObject("category").getJsonArray("products")).hasSize(100));
  }

  @Test
  void identical_sub_requests_sharing_their_loaded_embeds_each_count() {
    // The sub-requests share one loader scope, so the second one's embeds come already
    // rendered: it still writes them again, and they count again. Each sub-request alone holds
    // 20 orders x their items x a copy of a category with 100 products, under the budget.
    JsonArray requests = new JsonArray();
    for (int i = 0; i < 50; i++) {
      requests.add(new JsonObject().put("id", "o" + i).put("method", "GET")
          .put("path", "/api/orders?limit=20&fields=items(product(category(products(id))))"));
    }
    HttpResponse<Buffer> r = Http.postJson("/api/batch", new JsonObject().put("requests",
        requests), "X-API-Key", "demo-internal");

    assertThat(r.statusCode()).isEqualTo(200);
    List<JsonObject> out = Http.json(r).getJsonArray("responses").stream()
        .map(JsonObject.class::cast).toList();
    // About 6,000 embedded rows each: the first few to finish fit (whichever they are), the
    // rest are refused in place.
    assertThat(out).filteredOn(o -> o.getInteger("status") == 200).isNotEmpty();
    assertThat(out).filteredOn(o -> o.getInteger("status") == 413).isNotEmpty()
        .allSatisfy(o -> assertThat(o.getJsonObject("body").getString("detail"))
            .contains("50000"));
  }

  @Test
  void a_batch_of_category_embeds_stops_at_the_row_budget() {
    JsonArray requests = new JsonArray();
    for (int i = 0; i < 20; i++) {
      requests.add(new JsonObject().put("id", "c" + i).put("method", "GET")
          .put("path", "/api/categories?limit=50&fields=id,products(id)"));
    }
    HttpResponse<Buffer> r = Http.postJson("/api/batch", new JsonObject().put("requests",
        requests));

    assertThat(r.statusCode()).isEqualTo(200);
    List<JsonObject> out = Http.json(r).getJsonArray("responses").stream()
        .map(JsonObject.class::cast).toList();
    // 50 categories x 100 products = 5,000 embedded rows each: 10 fit in 50,000.
    assertThat(out).filteredOn(o -> o.getInteger("status") == 200).hasSize(10);
    assertThat(out).filteredOn(o -> o.getInteger("status") == 413).hasSize(10)
        .allSatisfy(o -> assertThat(o.getJsonObject("body").getString("detail"))
            .contains("50000"));
  }
}
