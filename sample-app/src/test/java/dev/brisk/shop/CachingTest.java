package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shop's two-level cache across instances: A is {@link TestShop}, B a second app on the same
 * PostgreSQL and Redis, C a third with {@code BRISK_CACHE=off}. Writes answered by one instance
 * are never served stale by another, and {@code If-None-Match} never validates an old body.
 */
class CachingTest {

  private static final String KEY = "X-API-Key";
  /** A category created by the import test, with no seeded products. */
  private static final long CATEGORY = 990_004;
  private static TestBrisk b;
  private static TestBrisk off;

  @BeforeAll
  static void start() {
    TestShop.kit();
    b = TestBrisk.start(ShopApp::new, Map.of("dataset", "small"));
    off = TestBrisk.start(ShopApp::new, Map.of("dataset", "small", "cache", "off"));
  }

  @AfterAll
  static void stop() {
    b.close();
    off.close();
    TestShop.sql("DELETE FROM products WHERE sku LIKE 'cache-%'");
    TestShop.sql("DELETE FROM categories WHERE id = " + CATEGORY);
  }

  private static HttpResponse<Buffer> patch(TestBrisk app, long id, JsonObject changes) {
    return TestBrisk.await(app.send(HttpMethod.PATCH, "/api/products/" + id,
        changes.toBuffer(), "Content-Type", "application/json", KEY, "demo-internal"));
  }

  private static JsonObject json(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return new JsonObject(r.bodyAsString());
  }

  private static double count(TestBrisk app, String meter, String resource) {
    MeterRegistry registry = app.running().context().registry();
    return registry.find(meter).tag("resource", resource).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  @Test
  void a_patch_on_one_instance_is_seen_at_once_by_a_warm_other() {
    String uri = "/api/products/151?fields=id,name,category(name)";
    TestShop.kit().get(uri);
    b.get(uri);
    double hits = count(b, "brisk.cache.hits", "product");
    assertThat(json(b.get(uri)).getString("name")).isNotEqualTo("Renamed by A");
    assertThat(count(b, "brisk.cache.hits", "product")).as("B's cache is warm")
        .isGreaterThan(hits);

    assertThat(patch(TestShop.kit(), 151, new JsonObject().put("name", "Renamed by A"))
        .statusCode()).isEqualTo(200);

    assertThat(json(b.get(uri)).getString("name")).isEqualTo("Renamed by A");
    assertThat(json(TestShop.kit().get(uri)).getString("name")).isEqualTo("Renamed by A");
  }

  @Test
  void orders_embedding_a_product_show_its_new_name_on_every_instance() {
    long order = TestShop.sql("SELECT o.id FROM orders o JOIN order_items oi ON oi.order_id = "
        + "o.id WHERE oi.product_id = 152 ORDER BY o.id LIMIT 1").iterator().next().getLong(0);
    String uri = "/api/orders/" + order
        + "?fields=id,user(name),items(quantity,product(name,category(name)))";
    json(TestShop.kit().get(uri, KEY, "demo-internal"));
    json(b.get(uri, KEY, "demo-internal"));
    json(b.get(uri, KEY, "demo-internal"));

    patch(b, 152, new JsonObject().put("name", "Renamed by B"));

    for (TestBrisk app : new TestBrisk[] {TestShop.kit(), b, off}) {
      JsonArray items = json(app.get(uri, KEY, "demo-internal")).getJsonArray("items");
      assertThat(items.stream().map(i -> ((JsonObject) i).getJsonObject("product")
          .getString("name"))).contains("Renamed by B");
    }
  }

  @Test
  void an_etag_from_before_a_write_never_gets_a_304_after_it() {
    String uri = "/api/products/153";
    for (TestBrisk writer : new TestBrisk[] {TestShop.kit(), b, off}) {
      String before = TestShop.kit().get(uri).getHeader("ETag");
      for (TestBrisk reader : new TestBrisk[] {TestShop.kit(), b, off}) {
        assertThat(reader.get(uri, "If-None-Match", before).statusCode()).isEqualTo(304);
      }
      int stock = json(patch(writer, 153, new JsonObject().put("stock", 40))).getInteger("stock");
      patch(writer, 153, new JsonObject().put("stock", stock + 1));
      for (TestBrisk reader : new TestBrisk[] {TestShop.kit(), b, off}) {
        HttpResponse<Buffer> r = reader.get(uri, "If-None-Match", before);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).getInteger("stock")).isEqualTo(stock + 1);
        assertThat(r.getHeader("ETag")).isNotEqualTo(before);
      }
    }
  }

  @Test
  void a_load_of_what_does_not_exist_counts_as_absent_not_as_a_failure() {
    MeterRegistry registry = TestShop.kit().running().context().registry();
    double failures = loads(registry, "failure");
    double absent = loads(registry, "absent");
    assertThat(TestShop.kit().get("/api/products/987654321").statusCode()).isEqualTo(404);
    assertThat(loads(registry, "absent")).isEqualTo(absent + 1);
    assertThat(loads(registry, "failure")).isEqualTo(failures);
  }

  private static double loads(MeterRegistry registry, String outcome) {
    return registry.find("brisk.cache.loads").tag("resource", "product").tag("outcome", outcome)
        .counters().stream().mapToDouble(Counter::count).sum();
  }

  @Test
  void if_none_match_tags_on_several_header_lines_are_one_list() {
    String uri = "/api/products/155?fields=id,name";
    String etag = TestShop.kit().get(uri).getHeader("ETag");
    // RFC 9110 section 5.3: proxies may split a list over lines; the tag is on the second one.
    for (TestBrisk app : new TestBrisk[] {TestShop.kit(), off}) {
      HttpResponse<Buffer> r = app.get(uri, "If-None-Match", "\"other\"", "If-None-Match",
          etag);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(304);
      assertThat(r.getHeader("ETag")).isEqualTo(etag);
    }
    // A raw route validated by its body's hash (readiness, metrics) reads every line too.
    String ready = TestShop.kit().get("/health/ready").getHeader("ETag");
    assertThat(TestShop.kit().get("/health/ready", "If-None-Match", "\"other\"",
        "If-None-Match", ready).statusCode()).isEqualTo(304);
  }

  @Test
  void etags_agree_with_caching_off_which_answers_304_from_versions_alone() {
    String uri = "/api/products/154?fields=id,name";
    HttpResponse<Buffer> cached = TestShop.kit().get(uri);
    HttpResponse<Buffer> uncached = off.get(uri);
    assertThat(uncached.getHeader("ETag")).isEqualTo(cached.getHeader("ETag"));
    assertThat(uncached.bodyAsString()).isEqualTo(cached.bodyAsString());
    double loads = count(off, "brisk.cache.loads", "product");
    HttpResponse<Buffer> notModified = off.get(uri, "If-None-Match", cached.getHeader("ETag"));
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.getHeader("Server-Timing")).contains("desc=\"1 queries\"");
    assertThat(notModified.getHeader("Cache-Control")).isEqualTo(
        "public, max-age=60, s-maxage=60, stale-while-revalidate=30, stale-if-error=3600");
    // An If-Match naming another tag comes first (RFC 9110 section 13.2.2): 412, not 304.
    assertThat(off.get(uri, "If-Match", "\"other\"", "If-None-Match", cached.getHeader("ETag"))
        .statusCode()).isEqualTo(412);
    assertThat(off.get(uri, "If-Match", cached.getHeader("ETag"), "If-None-Match",
        cached.getHeader("ETag")).statusCode()).isEqualTo(304);
    loads = count(off, "brisk.cache.loads", "product");
    off.get(uri);
    assertThat(count(off, "brisk.cache.loads", "product")).isEqualTo(loads + 1);
    assertThat(count(off, "brisk.cache.hits", "product")).isZero();
  }

  @Test
  void an_unchanged_list_page_revalidates_with_304_seconds_later_with_caching_off()
      throws InterruptedException {
    // Cursors carry their issue time in steps of ttl/24 (an hour by default), so the page's
    // bytes and ETag stay the same while its rows do; retried once across a step's edge.
    String uri = "/api/categories?limit=2";
    for (int attempt = 0; ; attempt++) {
      long step = System.currentTimeMillis() / 3_600_000;
      HttpResponse<Buffer> first = off.get(uri);
      assertThat(Http.json(first).getJsonObject("page").getString("next_cursor")).isNotNull();
      Thread.sleep(1_100);
      HttpResponse<Buffer> again = off.get(uri, "If-None-Match", first.getHeader("ETag"));
      if (System.currentTimeMillis() / 3_600_000 != step && attempt == 0) {
        continue;
      }
      assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(304);
      assertThat(again.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
      return;
    }
  }

  @Test
  void caller_dependent_orders_are_cached_per_caller() {
    long order = TestShop.sql("SELECT id FROM orders WHERE user_id = 1 ORDER BY id LIMIT 1")
        .iterator().next().getLong(0);
    String uri = "/api/orders/" + order + "?fields=id,user_id";
    HttpResponse<Buffer> owner = b.get(uri, KEY, "demo-free");
    HttpResponse<Buffer> staff = b.get(uri, KEY, "demo-internal");
    assertThat(owner.bodyAsString()).isEqualTo(staff.bodyAsString());
    assertThat(owner.getHeader("ETag")).isNotEqualTo(staff.getHeader("ETag"));
    assertThat(owner.getHeader("Cache-Control")).startsWith("private");
    assertThat(b.get(uri, KEY, "demo-pro").statusCode()).as("another user, cached or not")
        .isEqualTo(404);
    assertThat(b.get(uri, KEY, "demo-free", "If-None-Match", staff.getHeader("ETag"))
        .statusCode()).as("another caller's tag validates nothing").isEqualTo(200);
    assertThat(b.get(uri, KEY, "demo-free", "If-None-Match", owner.getHeader("ETag"))
        .statusCode()).isEqualTo(304);
  }

  @Test
  void placing_an_order_refreshes_the_cached_stock() {
    String uri = "/api/products/155?fields=stock";
    int stock = json(b.get(uri)).getInteger("stock");
    json(TestShop.kit().get(uri));
    JsonObject order = new JsonObject().put("user_id", 9).put("items", new JsonArray()
        .add(new JsonObject().put("product_id", 155).put("quantity", 1)));
    HttpResponse<Buffer> placed = TestBrisk.await(TestShop.kit().send(HttpMethod.POST,
        "/api/orders", order.toBuffer(), "Content-Type", "application/json",
        KEY, "demo-internal"));
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
    assertThat(placed.getHeader("Cache-Control")).isEqualTo("private, no-store");
    assertThat(json(b.get(uri)).getInteger("stock")).isEqualTo(stock - 1);
  }

  @Test
  void an_import_shows_in_cached_categories_with_their_products() {
    // A category of its own: a seeded one embeds only its first 100 products, which an import
    // (new, higher ids) never changes.
    assertImportShows("/api/categories/" + CATEGORY + "?fields=id,products(sku)",
        "cache-imported");
  }

  @Test
  void a_cached_page_is_dropped_everywhere_by_a_patch_before_it_is_answered() {
    String uri = "/api/products?category_id=5&sort=id&limit=3&fields=id,name,category(name)";
    JsonObject product = json(b.get(uri)).getJsonArray("data").getJsonObject(0);
    long first = product.getLong("id");
    HttpResponse<Buffer> warm = b.get(uri);
    json(TestShop.kit().get(uri));
    assertThat(count(b, "brisk.cache.hits", "product.pages")).as("B's page is cached")
        .isPositive();
    assertThat(b.get(uri, "If-None-Match", warm.getHeader("ETag")).statusCode()).isEqualTo(304);

    for (TestBrisk writer : new TestBrisk[] {TestShop.kit(), b, off}) {
      String name = "Paged by " + writer.port();
      assertThat(patch(writer, first, new JsonObject().put("name", name)).statusCode())
          .isEqualTo(200);
      for (TestBrisk reader : new TestBrisk[] {TestShop.kit(), b, off}) {
        HttpResponse<Buffer> r = reader.get(uri, "If-None-Match", warm.getHeader("ETag"));
        assertThat(json(r).getJsonArray("data").getJsonObject(0).getString("name"))
            .isEqualTo(name);
      }
    }
    patch(b, first, new JsonObject().put("name", product.getString("name")));
  }

  @Test
  void a_cached_page_keeps_its_link_header_and_shows_stock_after_an_order() {
    String uri = "/api/products?category_id=6&sort=id&limit=2&fields=id,stock";
    HttpResponse<Buffer> cold = b.get(uri);
    HttpResponse<Buffer> warm = b.get(uri);
    assertThat(warm.getHeader("Link")).contains("rel=\"next\"").isEqualTo(cold.getHeader("Link"));
    assertThat(warm.bodyAsString()).isEqualTo(cold.bodyAsString());
    JsonObject product = json(warm).getJsonArray("data").getJsonObject(0);
    JsonObject order = new JsonObject().put("user_id", 9).put("items", new JsonArray()
        .add(new JsonObject().put("product_id", product.getLong("id")).put("quantity", 1)));
    HttpResponse<Buffer> placed = TestBrisk.await(TestShop.kit().send(HttpMethod.POST,
        "/api/orders", order.toBuffer(), "Content-Type", "application/json",
        KEY, "demo-internal"));
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
    assertThat(json(b.get(uri)).getJsonArray("data").getJsonObject(0).getInteger("stock"))
        .isEqualTo(product.getInteger("stock") - 1);
  }

  @Test
  void an_import_shows_in_a_cached_page_on_another_instance() {
    assertImportShows("/api/products?category_id=" + CATEGORY + "&fields=sku&limit=100",
        "cache-paged");
  }

  /** {@code uri}, read warm on B, shows a product imported through A into {@link #CATEGORY}. */
  private static void assertImportShows(String uri, String sku) {
    TestShop.sql("INSERT INTO categories (id, name, slug) VALUES (" + CATEGORY
        + ", 'Cache test', 'cache-test') ON CONFLICT DO NOTHING");
    assertThat(json(b.get(uri)).encode()).doesNotContain(sku);
    json(b.get(uri));
    String line = new JsonObject().put("sku", sku).put("name", "Imported")
        .put("description", "for the cache test").put("price_cents", 100).put("stock", 1)
        .put("category_id", CATEGORY).encode() + "\n";
    HttpResponse<Buffer> r = TestBrisk.await(TestShop.kit().send(HttpMethod.POST,
        "/api/products/import", Buffer.buffer(line), "Content-Type", "application/x-ndjson",
        KEY, "demo-internal"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(json(b.get(uri)).encode()).contains(sku);
  }

  @Test
  void problems_say_no_store() {
    HttpResponse<Buffer> missing = b.get("/api/products/987654321");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void a_product_showing_its_categorys_products_changes_with_a_sibling() {
    var ids = TestShop.sql("SELECT id, name FROM products WHERE category_id = (SELECT category_id "
        + "FROM products WHERE id = 170) ORDER BY id LIMIT 2").iterator();
    long shown = ids.next().getLong("id");
    var sibling = ids.next();
    String uri = "/api/products/" + shown + "?fields=id,category(products(id,name))";
    HttpResponse<Buffer> before = TestShop.kit().get(uri);
    JsonObject products = json(before).getJsonObject("category").getJsonArray("products")
        .getJsonObject(1);
    assertThat(products.getString("name")).isEqualTo(sibling.getString("name"));
    try {
      assertThat(patch(b, sibling.getLong("id"), new JsonObject().put("name", "Sibling renamed"))
          .statusCode()).isEqualTo(200);
      HttpResponse<Buffer> after = TestShop.kit().get(uri, "If-None-Match",
          before.getHeader("ETag"));
      assertThat(json(after).getJsonObject("category").getJsonArray("products")
          .getJsonObject(1).getString("name")).isEqualTo("Sibling renamed");
      assertThat(json(off.get(uri)).getJsonObject("category").getJsonArray("products")
          .getJsonObject(1).getString("name")).isEqualTo("Sibling renamed");
    } finally {
      patch(b, sibling.getLong("id"), new JsonObject().put("name", sibling.getString("name")));
    }
  }

  @Test
  void a_product_depends_on_its_category_row_only_when_it_shows_the_category() {
    String plain = "/api/products/171";
    String withCategory = "/api/products/171?fields=id,category(name)";
    HttpResponse<Buffer> first = off.get(plain);
    String plainTag = first.getHeader("ETag");
    assertThat(first.getHeader("Server-Timing")).as("row and version in one statement")
        .contains("desc=\"1 queries\"");
    String categoryTag = off.get(withCategory).getHeader("ETag");

    // A new row version of the category, same content: only the representation showing it moves.
    TestShop.sql("UPDATE categories SET name = name WHERE id = "
        + "(SELECT category_id FROM products WHERE id = 171)");

    assertThat(off.get(plain).getHeader("ETag")).isEqualTo(plainTag);
    assertThat(off.get(plain, "If-None-Match", plainTag).statusCode()).isEqualTo(304);
    assertThat(off.get(withCategory).getHeader("ETag")).isNotEqualTo(categoryTag);
    assertThat(off.get(withCategory, "If-None-Match", categoryTag).statusCode()).isEqualTo(200);
  }
}
