package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs against the parsers behind the API (JSON bodies, batch bodies, fields,
 * cursors, query parameters): never a 5xx, every error is problem+json.
 */
class FuzzTest {

  private static final String ORDER = "{\"user_id\": 4, \"items\": [{\"product_id\": 150, "
      + "\"quantity\": 1}, {\"product_id\": 151, \"quantity\": 2}]}";
  private static final String BATCH = "{\"requests\": [{\"id\": \"a\", \"method\": \"GET\", "
      + "\"path\": \"/api/products/1?fields=name\"}, {\"id\": \"b\", \"method\": \"GET\", "
      + "\"path\": \"/api/users/2\", \"depends_on\": [\"a\"]}]}";
  private static final String ALPHABET = "{}[]\",:.0123456789-+eEtruefalsnl abcxyz_()*\\/\u00e9";

  static String mutate(String valid, SplittableRandom random) {
    StringBuilder s = new StringBuilder(valid);
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && s.length() > 0; i++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(3)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        default -> s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return s.toString();
  }

  private static void assertClientError(HttpResponse<Buffer> r, String input) {
    assertThat(r.statusCode()).as(input + " -> " + r.bodyAsString()).isLessThan(500);
    if (r.statusCode() >= 400) {
      assertThat(r.getHeader("Content-Type")).as(input).isEqualTo("application/problem+json");
    }
  }

  @Test
  void mutated_order_bodies_never_give_5xx() {
    TestShop.sql("UPDATE products SET stock = 1000000 WHERE id IN (150, 151)");
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 300; i++) {
      String body = mutate(ORDER, random);
      assertClientError(Http.post("/api/orders", "application/json", body), body);
    }
  }

  @Test
  void mutated_batch_bodies_never_give_5xx() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 300; i++) {
      String body = mutate(BATCH, random);
      HttpResponse<Buffer> r = Http.post("/api/batch", "application/json", body);
      assertClientError(r, body);
      if (r.statusCode() == 200) {
        for (Object sub : Http.json(r).getJsonArray("responses")) {
          assertThat(((JsonObject) sub).getInteger("status")).as(body)
              .isLessThan(500);
        }
      }
    }
  }

  @Test
  void random_query_strings_never_give_5xx() {
    SplittableRandom random = new SplittableRandom(99);
    String[] names = {"fields", "sort", "limit", "cursor", "category_id", "min_price_cents",
        "max_price_cents", "q"};
    String[] seeds = {"id,name,category(name)", "-price_cents", "20", "AQBB-AJ03tEE",
        "3", "100", "90000", "swift"};
    for (int i = 0; i < 300; i++) {
      StringBuilder query = new StringBuilder();
      for (int p = 0; p < 1 + random.nextInt(3); p++) {
        int k = random.nextInt(names.length);
        query.append(p == 0 ? "" : "&").append(names[k]).append('=').append(
            URLEncoder.encode(mutate(seeds[k], random), StandardCharsets.UTF_8));
      }
      String uri = (random.nextBoolean() ? "/api/products?" : "/api/orders/3?") + query;
      assertClientError(Http.get(uri), uri);
    }
  }
}
