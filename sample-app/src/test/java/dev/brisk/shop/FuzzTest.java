package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.http.RouteDeclaration;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs against the parsers behind the API (JSON bodies, batch bodies, fields,
 * cursors, query parameters), and hostile values against every declared route (read from the
 * declarations, as {@link AccessMatrixTest} does, so a new route is covered at once): never a
 * 5xx, every error is problem+json.
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

  /** Path segments in place of a route's parameter: encodings, numbers out of range, junk. */
  private static final String[] HOSTILE_SEGMENTS = {"%zz", "%", "%4", "%00", "%1B", "%C3%28",
      "%FF", "-1", "0", "9223372036854775808", "99999999999999999999999", "1e400", "NaN",
      "Infinity", "abc", "%2e%2e", "%20", "1.5", "0x10", "%E2%98%83"};

  /** Query values, already encoded for the URI: some malformed on purpose. */
  private static final String[] HOSTILE_QUERY = {"%00", "a%00b", "%1F", "%zz", "%", "%C3%28",
      "1e400", "NaN", "-Infinity", "-1", "0", "9223372036854775808", "%2C%2C", "(((((",
      "x".repeat(3000), "%E2%98%83", "%0D%0AX-Injected:%201", "'%3B--", "*"};

  private static final String[] QUERY_NAMES = {"fields", "sort", "limit", "cursor", "q",
      "category_id", "min_price_cents", "max_price_cents", "user_id", "status", "zip"};

  /** JSON values for any member of a body, and whole bodies. */
  private static final String[] HOSTILE_VALUES = {"NaN", "Infinity", "-Infinity", "1e400",
      "-1e400", "9223372036854775808", "-9223372036854775809", "1.5", "\"a\\u0000b\"",
      "\"\\u0007\"", "\"\\u001b[2J\"", "\"" + "y".repeat(5000) + "\"", "null", "true",
      "[]", "{}", "\"\"", "[" .repeat(70) + "]".repeat(70)};

  private static final String[] FIELD_NAMES = {"user_id", "items", "product_id", "quantity",
      "name", "description", "price_cents", "stock", "sku", "category_id", "requests"};

  private static void assertNo5xx(HttpResponse<Buffer> r, String input, List<String> failures) {
    if (r.statusCode() >= 500) {
      failures.add(input + " -> " + r.statusCode() + " " + r.bodyAsString());
    } else if (r.statusCode() >= 400
        && !"application/problem+json".equals(r.getHeader("Content-Type"))) {
      failures.add(input + " -> " + r.statusCode() + " as " + r.getHeader("Content-Type"));
    }
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String uri, String contentType,
      String body) {
    return TestBrisk.await(Http.send(method, uri, body == null ? null : Buffer.buffer(body),
        "Content-Type", contentType));
  }

  @Test
  void hostile_path_segments_on_every_route_never_give_5xx() {
    List<String> failures = new ArrayList<>();
    for (RouteDeclaration route : AccessMatrixTest.declarations()) {
      if (!route.path().contains(":")) {
        continue;
      }
      for (String segment : HOSTILE_SEGMENTS) {
        String uri = route.path().replaceAll(":[a-z_]+", segment);
        assertNo5xx(send(route.method(), uri, "application/json", "{}"),
            route.method() + " " + uri, failures);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void hostile_query_values_on_every_route_never_give_5xx() {
    List<String> failures = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(2026);
    for (RouteDeclaration route : AccessMatrixTest.declarations()) {
      String path = AccessMatrixTest.concrete(route);
      for (String value : HOSTILE_QUERY) {
        String name = QUERY_NAMES[random.nextInt(QUERY_NAMES.length)];
        String uri = path + "?" + name + "=" + value;
        assertNo5xx(send(route.method(), uri, "application/json", "{}"),
            route.method() + " " + uri, failures);
        assertNo5xx(send(route.method(), path + "?" + value + "=1", "application/json", "{}"),
            route.method() + " " + path + "?" + value + "=1", failures);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void hostile_bodies_on_every_route_never_give_5xx() {
    List<String> failures = new ArrayList<>();
    for (RouteDeclaration route : AccessMatrixTest.declarations()) {
      if (route.method() == HttpMethod.GET || route.method() == HttpMethod.HEAD) {
        continue;
      }
      String path = AccessMatrixTest.concrete(route);
      for (String body : hostileBodies()) {
        for (String type : new String[] {"application/json", "application/merge-patch+json",
            "application/x-ndjson"}) {
          assertNo5xx(send(route.method(), path, type, body),
              route.method() + " " + path + " " + type + " " + abbreviate(body), failures);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void hostile_sub_requests_in_a_batch_never_give_5xx() {
    List<String> failures = new ArrayList<>();
    for (RouteDeclaration route : AccessMatrixTest.declarations()) {
      JsonArray requests = new JsonArray();
      for (String segment : HOSTILE_SEGMENTS) {
        String path = route.path().contains(":") ? route.path().replaceAll(":[a-z_]+", segment)
            : route.path() + "?fields=" + segment;
        requests.add(new JsonObject().put("id", "r" + requests.size())
            .put("method", route.method().name()).put("path", path)
            .put("body", new JsonObject().put("name", "a\u0000b").put("price_cents", 1e300)));
        if (requests.size() == 40) {
          break;
        }
      }
      String body = new JsonObject().put("requests", requests).encode();
      HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/batch", "application/json", body);
      assertNo5xx(r, "batch for " + route.path(), failures);
      if (r.statusCode() == 200) {
        for (Object sub : Http.json(r).getJsonArray("responses")) {
          JsonObject response = (JsonObject) sub;
          if (response.getInteger("status") >= 500) {
            failures.add("batch " + route.method() + " " + route.path() + ": " + response);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  /** Each hostile value as a whole body and in every known member, plus NDJSON lines. */
  private static List<String> hostileBodies() {
    List<String> bodies = new ArrayList<>();
    for (String value : HOSTILE_VALUES) {
      bodies.add(value);
      for (String field : FIELD_NAMES) {
        bodies.add("{\"" + field + "\": " + value + "}");
      }
      bodies.add("{\"user_id\": 1, \"items\": [{\"product_id\": 1, \"quantity\": " + value
          + "}]}");
      bodies.add("{\"sku\": \"FUZZ-1\", \"name\": " + value + ", \"description\": \"d\", "
          + "\"price_cents\": " + value + ", \"stock\": 1, \"category_id\": 1}\n");
    }
    bodies.add("{\"a\":".repeat(100_000));
    return bodies;
  }

  private static String abbreviate(String body) {
    return body.length() > 80 ? body.substring(0, 80) + "..." : body;
  }
}
