package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.shop.proto.Category;
import dev.brisk.shop.proto.Product;
import dev.brisk.test.TestBrisk;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exports with embeds in {@code fields}: every format carries each row as the list renders it,
 * and the embeds of each fetched chunk (500 rows) cost one statement per level, whatever the
 * number of rows.
 */
class ExportEmbedsTest {

  private static final int FETCH_SIZE = 500;

  /** Category names by product id, as the tables have them, in product id order. */
  private static Map<Long, String> categoryNames(String where) {
    Map<Long, String> names = new HashMap<>();
    for (Row row : TestShop.sql("SELECT p.id, c.name FROM products p JOIN categories c "
        + "ON c.id = p.category_id WHERE " + where + " ORDER BY p.id")) {
      names.put(row.getLong(0), row.getString(1));
    }
    return names;
  }

  private static List<JsonObject> ndjson(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
    return r.bodyAsString().lines().map(JsonObject::new).toList();
  }

  /** Statements that read categories, which only the category embed runs here. */
  private static long categoryStatements() {
    return TestShop.app().context().registry().find("brisk.db.query")
        .tag("statement", "select categories").timers().stream().mapToLong(Timer::count).sum();
  }

  @Test
  void ndjson_rows_carry_their_category_as_the_database_has_it() {
    Map<Long, String> expected = categoryNames("p.category_id = 3");

    List<JsonObject> rows = ndjson(Http.get(
        "/api/products/export?category_id=3&fields=id,name,category(name)"));

    assertThat(rows).hasSize(expected.size()).allSatisfy(row -> {
      assertThat(row.fieldNames()).containsExactly("id", "name", "category");
      assertThat(row.getJsonObject("category").fieldNames()).containsExactly("name");
      assertThat(row.getJsonObject("category").getString("name"))
          .isEqualTo(expected.get(row.getLong("id")));
    });
  }

  @Test
  void dot_paths_select_embedded_fields_too() {
    Map<Long, String> expected = categoryNames("p.category_id = 3");

    List<JsonObject> rows = ndjson(Http.get(
        "/api/products/export?category_id=3&fields=id,category.name"));

    assertThat(rows).hasSize(expected.size()).allSatisfy(row -> {
      assertThat(row.fieldNames()).containsExactly("id", "category");
      assertThat(row.getJsonObject("category").getString("name"))
          .isEqualTo(expected.get(row.getLong("id")));
    });
  }

  @Test
  void rows_equal_the_list_pages_rows_nested_embeds_included() {
    String fields = "fields=id,name,category(name,products(id))";
    JsonArray page = Http.json(Http.get("/api/products?category_id=3&limit=100&" + fields))
        .getJsonArray("data");

    List<JsonObject> rows = ndjson(Http.get("/api/products/export?category_id=3&" + fields));

    assertThat(page).hasSize(100);
    assertThat(rows.subList(0, 100)).isEqualTo(page.stream().map(JsonObject.class::cast)
        .toList());
    assertThat(rows.get(0).getJsonObject("category").getJsonArray("products")).hasSize(100);
    assertThat(rows.get(0).getJsonObject("category").getBoolean("products_has_more")).isTrue();
  }

  @Test
  void json_array_rows_carry_their_category() {
    Map<Long, String> expected = categoryNames("p.category_id = 3");

    HttpResponse<Buffer> r = Http.get("/api/products/export?category_id=3&fields=id,category.name",
        "Accept", "application/json");

    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    JsonArray rows = new JsonArray(r.bodyAsString());
    assertThat(rows).hasSize(expected.size()).allSatisfy(o -> {
      JsonObject row = (JsonObject) o;
      assertThat(row.getJsonObject("category").getString("name"))
          .isEqualTo(expected.get(row.getLong("id")));
    });
  }

  @Test
  void sse_events_carry_the_row_id_even_when_fields_leave_it_out() {
    Map<Long, String> expected = categoryNames("p.category_id = 3");
    List<Long> ids = new ArrayList<>(expected.keySet());
    ids.sort(null);

    HttpResponse<Buffer> r = Http.get("/api/products/export?category_id=3&fields=name,"
        + "category(name)", "Accept", "text/event-stream", "Last-Event-ID",
        Long.toString(ids.get(9)));

    assertThat(r.getHeader("Content-Type")).isEqualTo("text/event-stream");
    String[] records = r.bodyAsString().split("\n\n");
    List<Long> seen = new ArrayList<>();
    for (int i = 1; i < records.length - 1; i++) {
      String[] lines = records[i].split("\n");
      long id = Long.parseLong(lines[0].substring("id: ".length()));
      assertThat(lines[1]).isEqualTo("event: product");
      JsonObject data = new JsonObject(lines[2].substring("data: ".length()));
      assertThat(data.fieldNames()).containsExactly("name", "category");
      assertThat(data.getJsonObject("category").getString("name")).isEqualTo(expected.get(id));
      seen.add(id);
    }
    assertThat(seen).isEqualTo(ids.subList(10, ids.size()));
    assertThat(records[records.length - 1]).isEqualTo("event: end\ndata: {\"count\":"
        + seen.size() + "}");
  }

  @Test
  void protobuf_rows_carry_their_category_message() throws IOException {
    Map<Long, String> expected = categoryNames("p.category_id = 3");

    HttpResponse<Buffer> r = Http.get("/api/products/export?category_id=3&fields=id,name,"
        + "category(name)", "Accept", "application/x-protobuf");

    assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    ByteArrayInputStream in = new ByteArrayInputStream(r.body().getBytes());
    List<Product> products = new ArrayList<>();
    Product p;
    while ((p = Product.parseDelimitedFrom(in)) != null) {
      products.add(p);
    }
    assertThat(products).hasSize(expected.size()).allSatisfy(product -> {
      assertThat(product.hasSku()).isFalse();
      assertThat(product.getCategory().hasId()).isFalse();
      assertThat(product.getCategory().getName()).isEqualTo(expected.get(product.getId()));
    });
  }

  @Test
  void embeds_cost_one_statement_per_fetched_chunk_whatever_the_row_count() {
    long small = TestShop.sql("SELECT count(*) FROM products WHERE category_id = 3").iterator()
        .next().getLong(0);
    long all = TestShop.sql("SELECT count(*) FROM products").iterator().next().getLong(0);

    long before = categoryStatements();
    assertThat(ndjson(Http.get("/api/products/export?category_id=3&fields=id,category(name)")))
        .hasSize((int) small);
    long afterSmall = categoryStatements();
    assertThat(ndjson(Http.get("/api/products/export?fields=id,category(name)")))
        .hasSize((int) all);
    long afterAll = categoryStatements();

    assertThat(small).isLessThan(FETCH_SIZE);
    assertThat(afterSmall - before).isEqualTo(1);
    assertThat(all).isGreaterThanOrEqualTo(10_000);
    assertThat(afterAll - afterSmall).isEqualTo((all + FETCH_SIZE - 1) / FETCH_SIZE);
  }

  @Test
  void the_embed_budget_applies_per_chunk_not_per_export() {
    // A budget of 6,000 embedded rows: each chunk of 500 products embeds 500 categories, the
    // whole export 10,000.
    try (TestBrisk app = TestBrisk.start(ShopApp::new, Map.of("max-rows-per-request", "6000"))) {
      List<JsonObject> rows = ndjson(app.get("/api/products/export?fields=id,category(name)",
          "X-API-Key", "demo-internal"));

      assertThat(rows).hasSizeGreaterThanOrEqualTo(10_000).allSatisfy(row -> {
        assertThat(row.containsKey("error")).isFalse();
        assertThat(row.getJsonObject("category").getString("name")).isNotEmpty();
      });
    }
  }

  @Test
  void a_chunk_over_the_budget_is_a_413_before_any_row() {
    // 500 products a chunk, each with a copy of its category's 100 products: 50,500 rows.
    HttpResponse<Buffer> r = Http.get("/api/products/export?fields=id,category(products(id))");

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsString()).contains("more than 50000 rows");
  }

  @Test
  void category_export_caps_embedded_products_as_the_list_does() throws IOException {
    String fields = "fields=id,products(id)";
    JsonArray page = Http.json(Http.get("/api/categories?limit=50&" + fields))
        .getJsonArray("data");

    List<JsonObject> rows = ndjson(Http.get("/api/categories/export?" + fields));

    assertThat(page).hasSize(50);
    assertThat(rows.subList(0, 50)).allSatisfy(row -> {
      assertThat(row.getJsonArray("products")).hasSize(100);
      assertThat(row.getBoolean("products_has_more")).isTrue();
    }).isEqualTo(page.stream().map(JsonObject.class::cast).toList());

    HttpResponse<Buffer> r = Http.get("/api/categories/export?" + fields, "Accept",
        "application/x-protobuf");
    Category first = Category.parseDelimitedFrom(new ByteArrayInputStream(r.body().getBytes()));
    assertThat(first.getProductsCount()).isEqualTo(100);
    assertThat(first.getProductsHasMore()).isTrue();
  }

  @Test
  void embedded_fields_are_checked_as_the_list_checks_them() {
    HttpResponse<Buffer> unknown = Http.get("/api/products/export?fields=id,category(colour)");
    HttpResponse<Buffer> known = Http.get("/api/products/export?category_id=3&fields=id,"
        + "category(slug)");

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Http.json(unknown).getString("detail")).contains("colour");
    assertThat(ndjson(known)).isNotEmpty().allSatisfy(row ->
        assertThat(row.getJsonObject("category").getString("slug")).isNotBlank());
  }
}
