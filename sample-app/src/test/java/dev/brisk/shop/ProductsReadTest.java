package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.shop.proto.Product;
import dev.brisk.shop.proto.ProductPage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class ProductsReadTest {

  @Test
  void default_representation_has_exactly_the_contract_fields() {
    HttpResponse<Buffer> r = Http.get("/api/products/42");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject p = Http.json(r);
    assertThat(p.fieldNames()).containsExactlyInAnyOrder("id", "sku", "name", "description",
        "price_cents", "stock", "category_id", "created_at", "updated_at");
    Row row = TestShop.sql("SELECT sku, price_cents, stock, category_id FROM products "
        + "WHERE id = 42").iterator().next();
    assertThat(p.getLong("id")).isEqualTo(42);
    assertThat(p.getString("sku")).isEqualTo(row.getString("sku"));
    assertThat(p.getLong("category_id")).isEqualTo(row.getLong("category_id"));
    assertThat(p.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void fields_select_exactly_and_embed_category() {
    JsonObject p = Http.json(Http.get("/api/products/42?fields=name,category(name)"));
    assertThat(p.fieldNames()).containsExactly("name", "category");
    assertThat(p.getJsonObject("category").fieldNames()).containsExactly("name");
    String expected = TestShop.sql("SELECT c.name FROM products p JOIN categories c "
        + "ON c.id = p.category_id WHERE p.id = 42").iterator().next().getString("name");
    assertThat(p.getJsonObject("category").getString("name")).isEqualTo(expected);
    JsonObject dotted = Http.json(Http.get("/api/products/42?fields=id,category.name"));
    assertThat(dotted.fieldNames()).containsExactly("id", "category");
    assertThat(dotted.getJsonObject("category").getString("name")).isEqualTo(expected);
  }

  @Test
  void a_repeated_fields_parameter_is_400_naming_it_like_every_other_parameter() {
    // Merged, fields=category(name&fields=id) read as category(name,id); and a cache or
    // gateway in front that keys on the first value saw another selection than Brisk.
    for (String uri : new String[] {"/api/products/42?fields=id&fields=category(name)",
        "/api/products?fields=id&fields=id", "/api/products/export?fields=id&fields=name",
        "/api/categories/1?fields=category(name&fields=id)", "/api/orders/1?fields=id&fields=",
        "/api/products?sort=id&sort=id"}) {
      HttpResponse<Buffer> r = Http.get(uri, "X-API-Key", "demo-internal");
      assertThat(r.statusCode()).as(uri).isEqualTo(400);
      assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
      JsonObject problem = Http.json(r);
      String name = uri.contains("sort=") ? "sort" : "fields";
      assertThat(problem.getString("type")).as(uri)
          .isEqualTo("https://brisk.dev/problems/invalid-parameter");
      assertThat(problem.getString("detail")).as(uri)
          .isEqualTo(name + " must be given at most once");
      assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer"))
          .isEqualTo("?" + name);
    }
  }

  @Test
  void bad_fields_and_ids_are_400_naming_the_problem() {
    HttpResponse<Buffer> unknown = Http.get("/api/products/42?fields=name,category(nme)");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(Http.json(unknown).getString("detail")).contains("category.nme");
    assertThat(Http.get("/api/products/42?fields=name,(").statusCode()).isEqualTo(400);
    assertThat(Http.get("/api/products/42?fields=" + "a".repeat(3000)).statusCode())
        .isEqualTo(400);
    HttpResponse<Buffer> notNumeric = Http.get("/api/products/abc");
    assertThat(notNumeric.statusCode()).isEqualTo(400);
    assertThat(Http.json(notNumeric).getString("detail")).contains("id");
    assertThat(Http.get("/api/products/0").statusCode()).isEqualTo(400);
    HttpResponse<Buffer> huge = Http.get("/api/products/99999999999999999999");
    assertThat(huge.statusCode()).isEqualTo(400);
    assertThat(Http.json(huge).getString("detail")).isEqualTo("id must be an integer from 1 to "
        + "9223372036854775807, was '99999999999999999999'");
    assertThat(Http.get("/api/products/42?colour=red").statusCode()).isEqualTo(400);
    // Ids are plain decimal digits, like limit: no sign and no spaces around them.
    for (String lenient : new String[] {"/api/products/+42", "/api/products/%2042",
        "/api/products/42%20", "/api/products?category_id=+3", "/api/products?category_id=3%20"}) {
      assertThat(Http.get(lenient).statusCode()).as(lenient).isEqualTo(400);
    }
  }

  @Test
  void absent_product_is_404_problem() {
    HttpResponse<Buffer> r = Http.get("/api/products/987654321");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Http.json(r).getString("detail")).contains("987654321");
  }

  @Test
  void a_proto_parameter_naming_the_routes_message_is_honoured_and_another_is_406()
      throws Exception {
    // One product is a brisk.shop.Product, a page a brisk.shop.ProductPage, an export a stream
    // of Products: each route answers its own message and refuses another with 406.
    HttpResponse<Buffer> one = Http.get("/api/products/42?fields=id,name", "Accept",
        "application/x-protobuf; proto=brisk.shop.Product");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(Product.parseFrom(one.body().getBytes()).getId()).isEqualTo(42);
    HttpResponse<Buffer> page = Http.get("/api/products?limit=3", "Accept",
        "application/x-protobuf; proto=brisk.shop.ProductPage");
    assertThat(ProductPage.parseFrom(page.body().getBytes()).getDataCount()).isEqualTo(3);
    HttpResponse<Buffer> export = Http.get("/api/products/export?category_id=3&fields=id",
        "Accept", "application/x-protobuf;proto=brisk.shop.Product");
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(Product.parseDelimitedFrom(new ByteArrayInputStream(
        export.body().getBytes())).getId()).isPositive();
    for (String[] wrong : new String[][] {{"/api/products/42", "brisk.shop.ProductPage"},
        {"/api/products?limit=3", "brisk.shop.Product"},
        {"/api/products/export?category_id=3", "brisk.shop.Order"}}) {
      HttpResponse<Buffer> r = Http.get(wrong[0], "Accept",
          "application/x-protobuf; proto=" + wrong[1]);
      assertThat(r.statusCode()).as(wrong[0]).isEqualTo(406);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(Http.json(r).getString("detail")).as(wrong[0]).contains("proto=brisk.shop.");
    }
  }

  @Test
  void protobuf_is_negotiated_and_honours_fields() throws Exception {
    HttpResponse<Buffer> r = Http.get("/api/products/42?fields=id,name",
        "Accept", "application/x-protobuf");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    Product p = Product.parseFrom(r.body().getBytes());
    assertThat(p.getId()).isEqualTo(42);
    assertThat(p.hasName()).isTrue();
    assertThat(p.hasPriceCents()).isFalse();
    HttpResponse<Buffer> list = Http.get("/api/products?limit=3",
        "Accept", "application/x-protobuf");
    ProductPage page = ProductPage.parseFrom(list.body().getBytes());
    assertThat(page.getDataCount()).isEqualTo(3);
    assertThat(page.getPage().getHasMore()).isTrue();
    HttpResponse<Buffer> unacceptable = Http.get("/api/products/42", "Accept", "text/csv");
    assertThat(unacceptable.statusCode()).isEqualTo(406);
    // The refusal depends on Accept, as the representations do.
    assertThat(unacceptable.getHeader("Vary").split(",\\s*")).contains("Accept");
    HttpResponse<Buffer> export = Http.get("/api/products/export", "Accept", "text/csv");
    assertThat(export.statusCode()).isEqualTo(406);
    assertThat(export.getHeader("Vary").split(",\\s*")).contains("Accept");
  }

  @Test
  void etag_revalidation_answers_304_without_body() {
    HttpResponse<Buffer> first = Http.get("/api/products/43");
    String etag = first.getHeader("ETag");
    assertThat(etag).matches("\"[A-Za-z0-9_-]{24}\"");
    assertThat(first.getHeader("Cache-Control")).isNotBlank();
    assertThat(first.getHeader("Vary")).contains("Accept");
    HttpResponse<Buffer> again = Http.get("/api/products/43", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isNull();
    assertThat(again.getHeader("ETag")).isEqualTo(etag);
    assertThat(Http.get("/api/products/43", "If-None-Match", "\"other\"").statusCode())
        .isEqualTo(200);
    HttpResponse<Buffer> narrower = Http.get("/api/products/43?fields=id");
    assertThat(narrower.getHeader("ETag")).isNotEqualTo(etag);
  }

  @Test
  void a_read_whose_if_match_names_no_current_etag_is_412_before_if_none_match() {
    String uri = "/api/products/44?fields=id,name";
    String etag = Http.get(uri).getHeader("ETag");
    assertThat(Http.get(uri, "If-Match", etag).statusCode()).isEqualTo(200);
    assertThat(Http.get(uri, "If-Match", "\"other\", " + etag).statusCode()).isEqualTo(200);
    assertThat(Http.get(uri, "If-Match", "*").statusCode()).isEqualTo(200);
    // Several If-Match lines are one list (RFC 9110 section 5.3).
    assertThat(Http.get(uri, "If-Match", "\"other\"", "If-Match", etag).statusCode())
        .isEqualTo(200);
    HttpResponse<Buffer> stale = Http.get(uri, "If-Match", "\"other\"");
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Http.json(stale).getString("detail")).contains("If-Match");
    assertThat(stale.getHeader("ETag")).isNull();
    // RFC 9110 compares If-Match strongly, and evaluates it before If-None-Match.
    assertThat(Http.get(uri, "If-Match", "W/" + etag).statusCode()).isEqualTo(412);
    assertThat(Http.get(uri, "If-Match", "\"other\"", "If-None-Match", etag).statusCode())
        .isEqualTo(412);
    String page = "/api/products?limit=2&fields=id";
    assertThat(Http.get(page, "If-Match", Http.get(page).getHeader("ETag")).statusCode())
        .isEqualTo(200);
    assertThat(Http.get(page, "If-Match", "\"other\"").statusCode()).isEqualTo(412);
  }
}
