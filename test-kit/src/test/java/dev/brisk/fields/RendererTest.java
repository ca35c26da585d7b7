package dev.brisk.fields;

import static dev.brisk.fields.Shop.ORDER;
import static dev.brisk.fields.Shop.PRODUCT;
import static dev.brisk.fields.ShopDb.rows;
import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.db.RecordingSql;
import dev.brisk.db.Sql;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Embed resolution: one loader call per embed per level, whatever the row count. */
class RendererTest {

  /** An in-test to-one loader for categories that records every call. */
  private static final class CategoryLoader implements EmbedLoader {
    final List<List<Object>> calls = new ArrayList<>();

    @Override
    public Future<Map<Object, Object>> load(List<Object> keys, FieldMask subMask) {
      calls.add(keys);
      Map<Object, Object> byKey = new HashMap<>();
      for (Object key : keys) {
        byKey.put(key, new JsonObject().put("name", "C" + key));
      }
      return Future.succeededFuture(byKey);
    }
  }

  private static List<Row> products(FieldMask mask) {
    return rows("SELECT " + mask.projection() + " FROM products p ORDER BY p.id");
  }

  @Test
  void loads_a_to_one_embed_once_for_all_rows() {
    FieldMask mask = FieldMask.parse(PRODUCT, "id,category(name)");
    CategoryLoader loader = new CategoryLoader();
    Renderer renderer = Renderer.create(EmbedLoaders.of(Map.of("product.category", loader)));
    List<JsonObject> json = await(renderer.render(products(mask), mask));
    assertThat(json).hasSize(Shop.PRODUCTS);
    assertThat(loader.calls).singleElement().satisfies(keys ->
        assertThat(keys).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L));
    assertThat(json.get(0).encode()).isEqualTo("{\"id\":1,\"category\":{\"name\":\"C2\"}}");
    assertThat(json.get(13).encode()).isEqualTo("{\"id\":14,\"category\":{\"name\":\"C5\"}}");
    assertThat(json.get(29).encode()).isEqualTo("{\"id\":30,\"category\":null}");
  }

  @Test
  void null_keys_are_not_looked_up() {
    FieldMask mask = FieldMask.parse(PRODUCT, "category");
    CategoryLoader loader = new CategoryLoader();
    Renderer renderer = Renderer.create(EmbedLoaders.of(Map.of("product.category", loader)));
    List<Row> rows = rows("SELECT " + mask.projection() + " FROM products p WHERE p.id = 30");
    assertThat(await(renderer.render(rows, mask))).singleElement()
        .satisfies(j -> assertThat(j.encode()).isEqualTo("{\"category\":null}"));
    assertThat(loader.calls).isEmpty();
  }

  @Test
  void missing_keys_become_null_or_an_empty_list() {
    EmbedLoader none = (keys, sub) -> Future.succeededFuture(Map.of());
    Renderer renderer = Renderer.create(embed -> none);
    FieldMask products = FieldMask.parse(PRODUCT, "id,category");
    assertThat(await(renderer.renderOne(products(products).get(0), products)).encode())
        .isEqualTo("{\"id\":1,\"category\":null}");
    FieldMask orders = FieldMask.parse(ORDER, "id,items");
    Row order = rows("SELECT " + orders.projection() + " FROM orders o WHERE o.id = 1").get(0);
    assertThat(await(renderer.renderOne(order, orders)).encode())
        .isEqualTo("{\"id\":1,\"items\":[]}");
  }

  @Test
  void shared_embedded_objects_are_copies() {
    FieldMask mask = FieldMask.parse(PRODUCT, "category");
    Renderer renderer = Renderer.create(embed -> new CategoryLoader());
    List<JsonObject> json = await(renderer.render(products(mask), mask));
    JsonObject first = json.get(0).getJsonObject("category");
    JsonObject sameCategory = json.get(5).getJsonObject("category");
    assertThat(sameCategory).isEqualTo(first).isNotSameAs(first);
    first.put("name", "changed");
    assertThat(sameCategory.getString("name")).isEqualTo("C2");
  }

  @Test
  void sql_loaders_cost_one_query_per_embed_level_whatever_the_row_count() {
    FieldMask mask = FieldMask.parse(ORDER, "id,items(quantity,product(name,category(name)))");
    for (String where : List.of("o.id IN (1, 2)", "true")) {
      RecordingSql runner = new RecordingSql(Sql.of(ShopDb.pool()));
      List<String> queries = runner.statements();
      List<Row> orders = rows("SELECT " + mask.projection() + " FROM orders o WHERE " + where
          + " ORDER BY o.id");
      Renderer renderer = Renderer.create(EmbedLoaders.sql(runner));
      List<JsonObject> json = await(renderer.render(orders, mask));
      // One statement per level, each for all keys: an array parameter, never one per row.
      assertThat(queries).as(where).hasSize(3)
          .allMatch(sql -> sql.contains("= ANY($1)") || sql.contains("unnest($1::bigint[])"));
      assertThat(json.get(0).encode()).isEqualTo("{\"id\":1,\"items\":["
          + "{\"quantity\":1,\"product\":{\"name\":\"Product 8\","
          + "\"category\":{\"name\":\"Category 4\"}}},"
          + "{\"quantity\":2,\"product\":{\"name\":\"Product 9\","
          + "\"category\":{\"name\":\"Category 5\"}}}]}");
    }
  }

  @Test
  void sql_loader_selects_only_what_the_sub_mask_needs() {
    RecordingSql runner = new RecordingSql(Sql.of(ShopDb.pool()));
    List<String> queries = runner.statements();
    FieldMask mask = FieldMask.parse(ORDER, "items(quantity,product.name)");
    List<Row> orders = rows("SELECT " + mask.projection() + " FROM orders o ORDER BY o.id");
    List<JsonObject> json = await(Renderer.create(EmbedLoaders.sql(runner)).render(orders, mask));
    assertThat(queries).containsExactly(
        "SELECT brisk_rows.* FROM unnest($1::bigint[]) AS brisk_keys(k) CROSS JOIN LATERAL"
            + " (SELECT i.quantity, i.product_id, i.order_id AS brisk_embed_key FROM order_items i"
            + " WHERE i.order_id = brisk_keys.k ORDER BY i.id LIMIT 101) brisk_rows",
        "SELECT p.name, p.id AS brisk_embed_key FROM products p WHERE p.id = ANY($1)");
    assertThat(json.get(9).encode()).isEqualTo("{\"items\":[]}");
    assertThat(json.get(2).getJsonArray("items")).hasSize(1);
  }

  @Test
  void default_embeds_render_with_their_defaults() {
    RecordingSql runner = new RecordingSql(Sql.of(ShopDb.pool()));
    List<String> queries = runner.statements();
    FieldMask mask = FieldMask.parse(ORDER, null);
    Row order = rows("SELECT " + mask.projection() + " FROM orders o WHERE o.id = 2").get(0);
    JsonObject json = await(Renderer.create(EmbedLoaders.sql(runner)).renderOne(order, mask));
    assertThat(json.fieldNames()).containsExactly("id", "user_id", "status", "total_cents",
        "created_at", "items");
    assertThat(json.getJsonArray("items").encode()).isEqualTo("["
        + "{\"product_id\":15,\"quantity\":1,\"unit_price_cents\":250},"
        + "{\"product_id\":16,\"quantity\":2,\"unit_price_cents\":250},"
        + "{\"product_id\":17,\"quantity\":3,\"unit_price_cents\":250}]");
    assertThat(queries).hasSize(1);
  }

  @Test
  void overrides_replace_sql_loaders_at_any_depth() {
    RecordingSql runner = new RecordingSql(Sql.of(ShopDb.pool()));
    List<String> queries = runner.statements();
    CategoryLoader categories = new CategoryLoader();
    EmbedLoaders loaders = EmbedLoaders.sql(runner,
        EmbedLoaders.of(Map.of("product.category", categories)));
    FieldMask mask = FieldMask.parse(ORDER, "items.product.category");
    List<Row> orders = rows("SELECT " + mask.projection() + " FROM orders o ORDER BY o.id");
    List<JsonObject> json = await(Renderer.create(loaders).render(orders, mask));
    assertThat(queries).hasSize(2);
    assertThat(categories.calls).hasSize(1);
    assertThat(json.get(0).encode()).isEqualTo("{\"items\":[{\"product\":{\"category\":"
        + "{\"name\":\"C4\"}}},{\"product\":{\"category\":{\"name\":\"C5\"}}}]}");
  }

  @Test
  void completes_on_the_callers_context() {
    Vertx vertx = ShopDb.vertx();
    Context context = vertx.getOrCreateContext();
    FieldMask mask = FieldMask.parse(ORDER, "id,items(product(category))");
    List<Row> orders = rows("SELECT " + mask.projection() + " FROM orders o ORDER BY o.id");
    Sql runner = Sql.of(ShopDb.pool());
    Promise<Boolean> sameContext = Promise.promise();
    context.runOnContext(v -> Renderer.create(EmbedLoaders.sql(runner)).render(orders, mask)
        .onComplete(done -> sameContext.complete(
            done.succeeded() && Vertx.currentContext() == context)));
    assertThat(await(sameContext.future())).isTrue();
  }

  @Test
  void loader_failures_fail_the_render() {
    FieldMask mask = FieldMask.parse(PRODUCT, "id,category");
    List<Row> rows = products(mask);
    IllegalStateException boom = new IllegalStateException("boom");
    EmbedLoader failing = (keys, sub) -> Future.failedFuture(boom);
    assertThatThrownBy(() -> await(Renderer.create(embed -> failing).render(rows, mask)))
        .isSameAs(boom);
    assertThatThrownBy(() -> await(Renderer.create(embed -> (keys, sub) -> {
      throw boom;
    }).render(rows, mask))).isSameAs(boom);
    assertThatThrownBy(() -> await(Renderer.create(embed -> null).render(rows, mask)))
        .hasMessage("no EmbedLoader for embed product.category");
    assertThatThrownBy(() -> await(Renderer.create(
        embed -> (keys, sub) -> Future.succeededFuture(Map.of(2L, "not an object")))
        .render(rows, mask))).hasMessageContaining("returned a java.lang.String value");
  }
}
