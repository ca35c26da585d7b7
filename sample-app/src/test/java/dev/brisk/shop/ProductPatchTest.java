package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.shop.proto.Product;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

class ProductPatchTest {

  private static HttpResponse<Buffer> patch(long id, String contentType, String body,
      String... headers) {
    return TestBrisk.await(Http.send(HttpMethod.PATCH, "/api/products/" + id,
        Buffer.buffer(body), Http.with(headers, "Content-Type", contentType)));
  }

  @Test
  void merge_patch_updates_and_returns_new_representation_and_etag() {
    HttpResponse<Buffer> before = Http.get("/api/products/130");
    HttpResponse<Buffer> r = patch(130, "application/merge-patch+json",
        "{\"price_cents\": 4321, \"name\": \"Renamed lamp\"}", "If-Match", before.getHeader("ETag"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject body = Http.json(r);
    assertThat(body.getLong("price_cents")).isEqualTo(4321);
    assertThat(body.getString("name")).isEqualTo("Renamed lamp");
    assertThat(body.getString("sku")).isEqualTo(Http.json(before).getString("sku"));
    HttpResponse<Buffer> after = Http.get("/api/products/130");
    assertThat(Http.json(after).getLong("price_cents")).isEqualTo(4321);
    assertThat(after.getHeader("ETag")).isEqualTo(r.getHeader("ETag"))
        .isNotEqualTo(before.getHeader("ETag"));
    assertThat(TestShop.sql("SELECT version FROM products WHERE id = 130").iterator().next()
        .getLong("version")).isGreaterThan(1);
  }

  @Test
  void stale_if_match_is_412_and_changes_nothing() {
    String stale = Http.get("/api/products/131").getHeader("ETag");
    assertThat(patch(131, "application/json", "{\"stock\": 5}").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> r = patch(131, "application/json", "{\"stock\": 9}", "If-Match", stale);
    assertThat(r.statusCode()).isEqualTo(412);
    assertThat(Http.json(Http.get("/api/products/131")).getInteger("stock")).isEqualTo(5);
  }

  @Test
  void a_weak_if_match_is_412_since_if_match_compares_strongly() {
    String current = Http.get("/api/products/132").getHeader("ETag");
    HttpResponse<Buffer> weak = patch(132, "application/json", "{\"stock\": 8}", "If-Match",
        "W/" + current);
    assertThat(weak.statusCode()).isEqualTo(412);
    assertThat(patch(132, "application/json", "{\"stock\": 8}", "If-Match", current)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void if_match_tags_on_several_header_lines_are_one_list() {
    // RFC 9110 section 5.3: two If-Match lines mean the same as one line listing both tags.
    String current = Http.get("/api/products/134").getHeader("ETag");
    HttpResponse<Buffer> r = patch(134, "application/json", "{\"stock\": 12}",
        "If-Match", "\"some-other-tag\"", "If-Match", current);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(Http.json(Http.get("/api/products/134")).getInteger("stock")).isEqualTo(12);
    HttpResponse<Buffer> none = patch(134, "application/json", "{\"stock\": 13}",
        "If-Match", "\"some-other-tag\"", "If-Match", current);
    assertThat(none.statusCode()).isEqualTo(412);
  }

  @Test
  void if_none_match_naming_the_product_is_412_and_changes_nothing() {
    // RFC 9110 section 13.1.2: a write is not applied while If-None-Match matches.
    HttpResponse<Buffer> before = Http.get("/api/products/135");
    String current = before.getHeader("ETag");
    long stock = Http.json(before).getLong("stock");
    for (String ifNoneMatch : new String[] {"*", current, "W/" + current}) {
      HttpResponse<Buffer> r = patch(135, "application/json",
          "{\"stock\": " + (stock + 1) + "}", "If-None-Match", ifNoneMatch);
      assertThat(r.statusCode()).as(ifNoneMatch).isEqualTo(412);
      assertThat(Http.json(r).getString("detail")).contains("If-None-Match");
    }
    assertThat(Http.get("/api/products/135").getHeader("ETag")).isEqualTo(current);
    HttpResponse<Buffer> other = patch(135, "application/json",
        "{\"stock\": " + (stock + 1) + "}", "If-None-Match", "\"some-other-tag\"");
    assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(200);
  }

  @Test
  void a_change_answers_protobuf_when_asked_under_that_representations_etag() throws Exception {
    long stock = Http.json(Http.get("/api/products/136")).getLong("stock");
    HttpResponse<Buffer> r = patch(136, "application/json", "{\"stock\": " + (stock + 1) + "}",
        "Accept", "application/x-protobuf");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    // JSON or protobuf by Accept: the answer says so, whichever it chose (RFC 9110 12.5.5).
    assertThat(r.getHeader("Vary").split(",\\s*")).contains("Accept");
    Product changed = Product.parseFrom(r.body().getBytes());
    assertThat(changed.getId()).isEqualTo(136);
    assertThat(changed.getStock()).isEqualTo(stock + 1);
    // The ETag of the protobuf a GET answers now, not the JSON's: good for the next If-Match.
    String protobufTag = Http.get("/api/products/136", "Accept", "application/x-protobuf")
        .getHeader("ETag");
    assertThat(r.getHeader("ETag")).isEqualTo(protobufTag)
        .isNotEqualTo(Http.get("/api/products/136").getHeader("ETag"));
    HttpResponse<Buffer> json = patch(136, "application/json", "{\"stock\": " + stock + "}",
        "If-Match", r.getHeader("ETag"));
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.getHeader("Vary").split(",\\s*")).contains("Accept");
  }

  @Test
  void unacceptable_accept_is_406_and_changes_nothing() {
    // PATCH answers a product as JSON or protobuf: anything else is refused before it runs.
    HttpResponse<Buffer> before = Http.get("/api/products/133");
    long stock = Http.json(before).getLong("stock");
    for (String accept : new String[] {"application/x-protobuf; proto=brisk.shop.Order",
        "text/html"}) {
      HttpResponse<Buffer> r = patch(133, "application/merge-patch+json",
          "{\"stock\": " + (stock + 1) + "}", "Accept", accept);
      assertThat(r.statusCode()).as(accept).isEqualTo(406);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(Http.json(r).getString("type")).endsWith("not-acceptable");
    }
    assertThat(TestShop.sql("SELECT stock FROM products WHERE id = 133").iterator().next()
        .getLong("stock")).isEqualTo(stock);
    assertThat(Http.get("/api/products/133").getHeader("ETag"))
        .isEqualTo(before.getHeader("ETag"));
  }

  @Test
  void invalid_patches_are_rejected_with_pointers() {
    HttpResponse<Buffer> plain = patch(132, "text/plain", "{}");
    assertThat(plain.statusCode()).isEqualTo(415);
    // RFC 5789 section 2.2: a 415 to a PATCH names the patch formats taken.
    assertThat(plain.getHeader("Accept-Patch"))
        .isEqualTo("application/merge-patch+json, application/json");
    // A body without Content-Type, or in another charset, is refused by the handler: same header.
    for (String contentType : new String[] {null, "application/json; charset=ISO-8859-1"}) {
      HttpResponse<Buffer> refused = patch(132, contentType, "{\"stock\": 1}");
      assertThat(refused.statusCode()).as(contentType).isEqualTo(415);
      assertThat(refused.getHeader("Accept-Patch")).as(contentType)
          .isEqualTo("application/merge-patch+json, application/json");
    }
    assertThat(patch(132, "application/json", "{nope").statusCode()).isEqualTo(400);
    for (String[] c : new String[][] {{"{\"price_cents\": -1}", "/price_cents"},
        {"{\"stock\": \"many\"}", "/stock"}, {"{\"name\": null}", "/name"},
        {"{\"sku\": \"X\"}", "/sku"}, {"{\"name\": \"\"}", "/name"}, {"{}", ""},
        // Blank, as an import refuses it; half a surrogate pair would be stored as '?'.
        {"{\"name\": \"   \"}", "/name"},
        {"{\"name\": \"a\\ud800b\"}", "/name"},
        {"{\"description\": \"\\udc00\"}", "/description"}}) {
      HttpResponse<Buffer> r = patch(132, "application/merge-patch+json", c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(422);
      assertThat(r.bodyAsString()).contains("\"pointer\":\"" + c[1] + "\"");
    }
    assertThat(patch(987654321, "application/json", "{\"stock\": 1}").statusCode())
        .isEqualTo(404);
    // Refused patches write nothing: not even the version or updated_at move.
    String before = Http.get("/api/products/132").getHeader("ETag");
    assertThat(patch(132, "application/merge-patch+json", "{}").statusCode()).isEqualTo(422);
    assertThat(Http.get("/api/products/132").getHeader("ETag")).isEqualTo(before);
  }
}
