package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keyset paging through the HTTP API, checked against single ORDER BY queries. */
class ListPagingTest {

  private static final Map<String, String> ORDER_BY = Map.of(
      "id", "id", "-id", "id DESC",
      "price_cents", "price_cents, id", "-price_cents", "price_cents DESC, id DESC",
      "created_at", "created_at, id", "-created_at", "created_at DESC, id DESC");

  private static List<Long> sqlIds(String where, String orderBy) {
    List<Long> ids = new ArrayList<>();
    for (Row row : TestShop.sql("SELECT id FROM products WHERE " + where + " ORDER BY "
        + orderBy)) {
      ids.add(row.getLong("id"));
    }
    return ids;
  }

  private static JsonObject page(String query) {
    HttpResponse<Buffer> r = Http.get("/api/products?" + query);
    assertThat(r.statusCode()).as(query + " -> " + r.bodyAsString()).isEqualTo(200);
    return Http.json(r);
  }

  private static List<Long> ids(JsonObject page) {
    List<Long> ids = new ArrayList<>();
    for (Object o : page.getJsonArray("data")) {
      ids.add(((JsonObject) o).getLong("id"));
    }
    return ids;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void walks_every_sort_forwards_then_backwards_matching_order_by() {
    for (String sort : ORDER_BY.keySet()) {
      String base = "sort=" + sort + "&limit=100&fields=id";
      List<Long> forward = new ArrayList<>();
      List<JsonObject> pages = new ArrayList<>();
      JsonObject page = page(base);
      while (true) {
        pages.add(page);
        forward.addAll(ids(page));
        String next = page.getJsonObject("page").getString("next_cursor");
        if (next == null) {
          assertThat(page.getJsonObject("page").getBoolean("has_more")).isFalse();
          break;
        }
        page = page(base + "&cursor=" + enc(next));
      }
      assertThat(forward).as(sort).isEqualTo(sqlIds("TRUE", ORDER_BY.get(sort)));
      List<List<Long>> backward = new ArrayList<>();
      JsonObject current = pages.get(pages.size() - 1);
      backward.add(ids(current));
      String prev = current.getJsonObject("page").getString("prev_cursor");
      while (prev != null) {
        current = page(base + "&cursor=" + enc(prev));
        backward.add(ids(current));
        prev = current.getJsonObject("page").getString("prev_cursor");
      }
      Collections.reverse(backward);
      assertThat(backward.stream().flatMap(List::stream).toList()).as(sort).isEqualTo(forward);
    }
  }

  @Test
  void filters_match_sql_and_link_header_carries_them() {
    String where = "category_id = 3 AND price_cents BETWEEN 1000 AND 40000";
    List<Long> expected = sqlIds(where, "price_cents, id");
    String base = "category_id=3&min_price_cents=1000&max_price_cents=40000&sort=price_cents"
        + "&limit=7&fields=id";
    List<Long> got = new ArrayList<>();
    HttpResponse<Buffer> r = Http.get("/api/products?" + base);
    while (true) {
      JsonObject page = Http.json(r);
      got.addAll(ids(page));
      String link = r.getHeader("Link");
      if (page.getJsonObject("page").getString("next_cursor") == null) {
        break;
      }
      assertThat(link).contains("rel=\"next\"").contains("category_id=3")
          .contains("min_price_cents=1000");
      String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
      r = Http.get(next);
    }
    assertThat(got).isEqualTo(expected).isNotEmpty();
  }

  @Test
  void name_prefix_filter_is_case_insensitive_and_literal() {
    List<Long> expected = sqlIds("lower(name) LIKE 'swift l%'", "id");
    JsonObject page = page("q=SWIFT%20L&limit=100&fields=id,name");
    assertThat(ids(page)).isEqualTo(expected.subList(0, Math.min(100, expected.size())));
    assertThat(ids(page("q=%25&limit=5"))).isEmpty();
  }

  @Test
  void invalid_paging_input_is_400() {
    for (String q : new String[] {"limit=0", "limit=101", "limit=abc", "limit=-5",
        "sort=name", "cursor=abc", "cursor=AAAAAAAA", "category_id=x", "min_price_cents=-1",
        "fields=nope", "unknown=1"}) {
      HttpResponse<Buffer> r = Http.get("/api/products?" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
  }

  @Test
  void tampered_or_foreign_cursors_are_rejected() {
    JsonObject first = page("sort=price_cents&limit=5&category_id=4");
    String cursor = first.getJsonObject("page").getString("next_cursor");
    char flipped = cursor.charAt(10) == 'A' ? 'B' : 'A';
    String tampered = cursor.substring(0, 10) + flipped + cursor.substring(11);
    assertThat(Http.get("/api/products?sort=price_cents&limit=5&category_id=4&cursor="
        + enc(tampered)).statusCode()).isEqualTo(400);
    HttpResponse<Buffer> otherFilter = Http.get("/api/products?sort=price_cents&limit=5"
        + "&category_id=5&cursor=" + enc(cursor));
    assertThat(otherFilter.statusCode()).isEqualTo(400);
    assertThat(Http.json(otherFilter).getString("detail")).containsIgnoringCase("cursor");
    assertThat(Http.get("/api/products?sort=-price_cents&limit=5&category_id=4&cursor="
        + enc(cursor)).statusCode()).isEqualTo(400);
    assertThat(Http.get("/api/products?sort=price_cents&limit=5&category_id=4&cursor="
        + enc(cursor.substring(0, cursor.length() - 3))).statusCode()).isEqualTo(400);
    // A caller-dependent list's cursors are its caller's; an open list's are everyone's.
    String orders = "/api/orders?limit=2&user_id=1";
    String owners = Http.json(Http.get(orders, "X-API-Key", "demo-free"))
        .getJsonObject("page").getString("next_cursor");
    HttpResponse<Buffer> staff = Http.get(orders + "&cursor=" + enc(owners), "X-API-Key",
        "demo-internal");
    assertThat(staff.statusCode()).isEqualTo(400);
    assertThat(Http.json(staff).getString("detail")).contains("another caller");
    assertThat(Http.get("/api/products?sort=price_cents&limit=5&category_id=4&cursor="
        + enc(cursor), "X-API-Key", "demo-pro").statusCode()).isEqualTo(200);
  }

  @Test
  void rows_changing_during_a_walk_are_never_skipped_or_repeated() {
    long category = 7;
    Set<Long> stable = new HashSet<>(sqlIds("category_id = " + category, "id"));
    String base = "category_id=" + category + "&sort=-price_cents&limit=10&fields=id";
    List<Long> seen = new ArrayList<>();
    List<Long> inserted = new ArrayList<>();
    JsonObject page = page(base);
    int round = 0;
    while (true) {
      seen.addAll(ids(page));
      // Between pages: delete a row not yet seen (never counted as stable) and insert new ones.
      Row added = TestShop.sql("INSERT INTO products (sku, name, description, price_cents, stock,"
          + " category_id) VALUES ($1, 'Walk item', 'x', $2, 1, $3) RETURNING id",
          "WALK-" + System.nanoTime(), (long) (round * 977 % 50_000), category).iterator().next();
      inserted.add(added.getLong("id"));
      String next = page.getJsonObject("page").getString("next_cursor");
      if (next == null) {
        break;
      }
      page = page(base + "&cursor=" + enc(next));
      round++;
    }
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen).containsAll(stable);
    TestShop.sql("DELETE FROM products WHERE sku LIKE 'WALK-%'");
  }
}
