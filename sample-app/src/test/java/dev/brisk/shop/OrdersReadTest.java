package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrdersReadTest {

  @Test
  void order_default_representation_includes_items() {
    JsonObject o = Http.json(Http.get("/api/orders/10"));
    assertThat(o.fieldNames()).containsExactlyInAnyOrder("id", "user_id", "status",
        "total_cents", "created_at", "items");
    JsonArray items = o.getJsonArray("items");
    long lines = TestShop.sql("SELECT count(*) AS n FROM order_items WHERE order_id = 10")
        .iterator().next().getLong("n");
    assertThat(items).hasSize((int) lines);
    assertThat(items.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("product_id",
        "quantity", "unit_price_cents");
    long total = 0;
    for (Object i : items) {
      JsonObject item = (JsonObject) i;
      total += item.getLong("quantity") * item.getLong("unit_price_cents");
    }
    assertThat(o.getLong("total_cents")).isEqualTo(total);
  }

  @Test
  void nested_embeds_resolve_user_items_product_category() {
    JsonObject o = Http.json(Http.get("/api/orders/11?fields=id,user(name),"
        + "items(quantity,product(name,category(name)))"));
    assertThat(o.fieldNames()).containsExactlyInAnyOrder("id", "user", "items");
    assertThat(o.getJsonObject("user").fieldNames()).containsExactly("name");
    JsonObject item = o.getJsonArray("items").getJsonObject(0);
    assertThat(item.fieldNames()).containsExactly("quantity", "product");
    assertThat(item.getJsonObject("product").getJsonObject("category").getString("name"))
        .isNotBlank();
  }

  @Test
  void user_orders_are_newest_first_and_unknown_user_is_404() {
    List<Long> expected = new ArrayList<>();
    for (Row r : TestShop.sql("SELECT id FROM orders WHERE user_id = 5 ORDER BY created_at DESC,"
        + " id DESC LIMIT 100")) {
      expected.add(r.getLong("id"));
    }
    JsonObject page = Http.json(Http.get("/api/users/5/orders?limit=100&fields=id"));
    List<Long> got = page.getJsonArray("data").stream()
        .map(o -> ((JsonObject) o).getLong("id")).toList();
    assertThat(got).isEqualTo(expected).isNotEmpty();
    assertThat(Http.get("/api/users/99999999/orders").statusCode()).isEqualTo(404);
  }

  @Test
  void orders_filter_by_user_and_status() {
    JsonObject page = Http.json(Http.get("/api/orders?user_id=5&status=paid&limit=100"
        + "&fields=id,user_id,status"));
    long count = TestShop.sql("SELECT count(*) AS n FROM orders WHERE user_id = 5 AND "
        + "status = 'paid'").iterator().next().getLong("n");
    assertThat(page.getJsonArray("data")).hasSize((int) count);
    for (Object o : page.getJsonArray("data")) {
      assertThat(((JsonObject) o).getString("status")).isEqualTo("paid");
      assertThat(((JsonObject) o).getLong("user_id")).isEqualTo(5);
    }
    HttpResponse<Buffer> bad = Http.get("/api/orders?status=lost");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Http.json(bad).getString("detail")).contains("status");
  }
}
