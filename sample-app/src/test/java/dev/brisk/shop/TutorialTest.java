package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Follows docs/tutorial.md: every request the tutorial shows, with the answers it promises. */
class TutorialTest {

  @Test
  void step_2_one_category_with_field_selection() {
    JsonObject c = Http.json(Http.get("/api/categories/3"));
    assertThat(c.fieldNames()).containsExactlyInAnyOrder("id", "name", "slug");
    JsonObject named = Http.json(Http.get("/api/categories/3?fields=name"));
    assertThat(named.fieldNames()).containsExactly("name");
    HttpResponse<Buffer> unknown = Http.get("/api/categories/3?fields=colour");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(Http.json(unknown).getString("detail")).contains("colour");
    assertThat(Http.get("/api/categories/999").statusCode()).isEqualTo(404);
  }

  @Test
  void step_3_keyset_pages_with_cursors() {
    JsonObject first = Http.json(Http.get("/api/categories?sort=name&limit=10&fields=id,name"));
    assertThat(first.getJsonArray("data")).hasSize(10);
    String next = first.getJsonObject("page").getString("next_cursor");
    JsonObject second = Http.json(Http.get("/api/categories?sort=name&limit=10&fields=id,name"
        + "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
    String lastOfFirst = first.getJsonArray("data").getJsonObject(9).getString("name");
    String firstOfSecond = second.getJsonArray("data").getJsonObject(0).getString("name");
    assertThat(firstOfSecond.compareTo(lastOfFirst)).isGreaterThanOrEqualTo(0);
    assertThat(Http.get("/api/categories?limit=500").statusCode()).isEqualTo(400);
    assertThat(Http.get("/api/categories?sort=name&limit=10&cursor="
        + URLEncoder.encode(next, StandardCharsets.UTF_8) + "&q=Lamp").statusCode())
        .isEqualTo(400);
  }

  @Test
  void step_4_embedded_products_cost_one_query_per_level() {
    // The API key's lookup is cached for --key-cache-ttl (30 s): one more statement when this
    // runs longer than that after the last request with it. Look it up first.
    Http.get("/api/categories?limit=1&fields=id");
    HttpResponse<Buffer> r = Http.get("/api/categories?limit=20&fields=name,products(name,price_cents)");
    JsonArray data = Http.json(r).getJsonArray("data");
    assertThat(data).hasSize(20);
    long expected = TestShop.sql("SELECT count(*) AS n FROM products WHERE category_id = "
        + "(SELECT id FROM categories ORDER BY id LIMIT 1)").iterator().next().getLong("n");
    // About 200 products per category; the embed lists the first 100 and says there are more.
    assertThat(expected).isGreaterThan(100);
    assertThat(data.getJsonObject(0).getJsonArray("products")).hasSize(100);
    assertThat(data.getJsonObject(0).getBoolean("products_has_more")).isTrue();
    Matcher m = Pattern.compile("desc=\"(\\d+) queries\"").matcher(r.getHeader("Server-Timing"));
    assertThat(m.find()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(2);
  }

  @Test
  void step_5_export_streams_every_category() {
    HttpResponse<Buffer> ndjson = Http.get("/api/categories/export?fields=id,name");
    assertThat(ndjson.statusCode()).isEqualTo(200);
    assertThat(ndjson.getHeader("Content-Type")).startsWith("application/x-ndjson");
    long categories = TestShop.sql("SELECT count(*) AS n FROM categories").iterator().next()
        .getLong("n");
    assertThat(ndjson.bodyAsString().lines()).hasSize((int) categories)
        .allSatisfy(line -> assertThat(new JsonObject(line).fieldNames())
            .containsExactly("id", "name"));
    HttpResponse<Buffer> sse = Http.get("/api/categories/export?fields=name",
        "Accept", "text/event-stream");
    assertThat(sse.bodyAsString()).contains("event: category").contains("id: 1\n");
    assertThat(Http.get("/api/categories/export?fields=name,products(name)").bodyAsString()
        .lines().findFirst().map(JsonObject::new).orElseThrow().getJsonArray("products"))
        .hasSize(100);
  }

  @Test
  void step_6_limits_bad_input_gets_a_problem() {
    HttpResponse<Buffer> r = Http.get("/api/categories/abc");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Http.get("/api/categories?unknown=1").statusCode()).isEqualTo(400);
  }

  /** Step 7 patches product 5 in the docs; here a product no other test reads, the same way. */
  @Test
  void step_7_a_write_validates_honours_if_match_and_needs_its_tier() {
    String uri = "/api/products/172";
    HttpResponse<Buffer> ok = patch(uri, "{\"price_cents\": 1299}", "demo-internal");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Http.json(ok).getInteger("price_cents")).isEqualTo(1299);
    assertThat(ok.getHeader("ETag")).isEqualTo(Http.get(uri).getHeader("ETag"));

    HttpResponse<Buffer> invalid = patch(uri, "{\"price_cents\": -1, \"colour\": \"red\"}",
        "demo-internal");
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(Http.json(invalid).getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactlyInAnyOrder("/colour", "/price_cents");

    assertThat(patch(uri, "{\"stock\": 3}", "demo-internal", "If-Match", "\"stale\"")
        .statusCode()).isEqualTo(412);
    assertThat(patch(uri, "{\"stock\": 3}", "demo-pro").statusCode()).isEqualTo(403);
  }

  private static HttpResponse<Buffer> patch(String uri, String body, String key,
      String... headers) {
    String[] all = Http.with(Http.with(headers, "Content-Type", "application/merge-patch+json"),
        "X-API-Key", key);
    return TestBrisk.await(Http.send(HttpMethod.PATCH, uri, Buffer.buffer(body), all));
  }
}
