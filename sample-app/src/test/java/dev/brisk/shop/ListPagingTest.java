package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
  void a_re_signed_cursor_whose_keys_do_not_fit_the_sort_columns_is_400() throws Exception {
    // Forged with the signing key: 12.5 for the bigint id was bound as 12, 1E+400 for
    // price_cents wrapped to another price, a timestamp of the year 300000 went past
    // PostgreSQL's range; each answered some page.
    byte[] dec125 = concat(new byte[] {5}, zigzag(1), varint(1), new byte[] {125});
    byte[] huge = new BigInteger("1" + "0".repeat(400)).toByteArray();
    byte[] dec1e400 = concat(new byte[] {5}, zigzag(0), varint(huge.length), huge);
    byte[] id5 = concat(new byte[] {1}, zigzag(5));
    byte[] year300000 = concat(new byte[] {8}, zigzag(300_000L * 365 * 86_400), varint(0),
        zigzag(0));
    Map<String, byte[][]> forged = Map.of(
        "limit=2", new byte[][] {dec125},
        "limit=2&sort=price_cents", new byte[][] {dec1e400, id5},
        "limit=2&sort=created_at", new byte[][] {year300000, id5});
    for (Map.Entry<String, byte[][]> e : forged.entrySet()) {
      String cursor = page(e.getKey()).getJsonObject("page").getString("next_cursor");
      HttpResponse<Buffer> r = Http.get("/api/products?" + e.getKey() + "&cursor="
          + enc(resign(cursor, e.getValue())));
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(Http.json(r).getString("detail")).startsWith("cursor is not a valid");
      assertThat(Http.json(r).getJsonArray("errors").getJsonObject(0).getString("pointer"))
          .isEqualTo("?cursor");
    }
    // Re-signed keys of the columns' types are taken: the check is on the types alone.
    String cursor = page("limit=2").getJsonObject("page").getString("next_cursor");
    assertThat(ids(page("limit=2&cursor=" + enc(resign(cursor, new byte[][] {id5})))))
        .isEqualTo(sqlIds("id > 5", "id").subList(0, 2));
  }

  /** {@code cursor} with its keys replaced by {@code keys} (encoded), signed with the app's key. */
  private static String resign(String cursor, byte[][] keys) throws Exception {
    byte[] raw = Base64.getUrlDecoder().decode(cursor);
    // version, flags, filter hash (10 bytes), then the issue time as a varint.
    int i = 10;
    while ((raw[i] & 0x80) != 0) {
      i++;
    }
    byte[] body = concat(Arrays.copyOf(raw, i + 1), varint(keys.length),
        concat(keys));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TestShop.app().context().pages().keys().get(0),
        "HmacSHA256"));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        concat(body, Arrays.copyOf(mac.doFinal(body), 16)));
  }

  private static byte[] zigzag(long v) {
    return varint((v << 1) ^ (v >> 63));
  }

  private static byte[] varint(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
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
