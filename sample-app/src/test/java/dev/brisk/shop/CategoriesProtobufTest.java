package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.shop.proto.Category;
import dev.brisk.shop.proto.CategoryPage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Categories answer {@code Accept: application/x-protobuf} on the list, the single category and
 * the export; stock {@code protoc} decodes each to what the JSON of the same request carries,
 * capped embeds with their {@code products_has_more} included.
 */
class CategoriesProtobufTest {

  private static final String PROTOBUF = "application/x-protobuf";

  @Test
  void a_category_page_decodes_to_the_json_page() throws Exception {
    for (String uri : List.of("/api/categories?limit=2", "/api/categories?limit=3&sort=-name",
        "/api/categories?limit=2&fields=id,name,products(id,name)")) {
      JsonObject json = Http.json(Http.get(uri));
      HttpResponse<Buffer> proto = Http.get(uri, "Accept", PROTOBUF);
      assertThat(proto.statusCode()).as(uri).isEqualTo(200);
      assertThat(proto.getHeader("Content-Type")).isEqualTo(PROTOBUF);
      JsonObject decoded = Protoc.decodeToJson(CategoryPage.getDefaultInstance(),
          proto.body().getBytes());

      assertThat(decoded.getJsonArray("data")).as(uri).isEqualTo(json.getJsonArray("data"));
      JsonObject page = decoded.getJsonObject("page");
      JsonObject jsonPage = json.getJsonObject("page");
      assertThat(page.getInteger("limit")).isEqualTo(jsonPage.getInteger("limit"));
      assertThat(page.getBoolean("has_more")).isEqualTo(jsonPage.getBoolean("has_more")).isTrue();
      // A cursor carries the second it was minted in: two requests may straddle a second.
      assertThat(page.getString("next_cursor")).isNotEmpty();
      assertThat(page.containsKey("prev_cursor")).isFalse();
      assertThat(jsonPage.getString("prev_cursor")).isNull();
    }
  }

  @Test
  void a_capped_embed_says_so_in_protobuf_too() throws Exception {
    String uri = "/api/categories?limit=2&fields=id,name,products(id,name)";
    String text = Protoc.decode("brisk.shop.CategoryPage",
        Http.get(uri, "Accept", PROTOBUF).body().getBytes());

    // Two categories of about 200 products each, 100 embedded per category.
    assertThat(text.split("\n  products \\{", -1)).hasSize(2 * 100 + 1);
    assertThat(text.split("\n  products_has_more: true", -1)).hasSize(2 + 1);
    assertThat(text).doesNotContain("slug:").doesNotContain("price_cents:");
  }

  @Test
  void one_category_decodes_to_the_json_category() throws Exception {
    for (String uri : List.of("/api/categories/3", "/api/categories/3?fields=name",
        "/api/categories/1?fields=id,name,products(id,name)")) {
      JsonObject json = Http.json(Http.get(uri));
      HttpResponse<Buffer> proto = Http.get(uri, "Accept", PROTOBUF);
      assertThat(proto.statusCode()).as(uri).isEqualTo(200);
      assertThat(proto.getHeader("Content-Type")).isEqualTo(PROTOBUF);

      assertThat(Protoc.decodeToJson(Category.getDefaultInstance(), proto.body().getBytes()))
          .as(uri).isEqualTo(json);
    }
    Category capped = Category.parseFrom(Http.get("/api/categories/1?fields=products(id)",
        "Accept", PROTOBUF).body().getBytes());
    assertThat(capped.getProductsCount()).isEqualTo(100);
    assertThat(capped.getProductsHasMore()).isTrue();
    assertThat(capped.hasId()).isFalse();
  }

  @Test
  void the_export_streams_delimited_categories_equal_to_the_ndjson() throws Exception {
    String uri = "/api/categories/export?fields=id,name";
    List<String> ndjson = Http.get(uri).bodyAsString().lines().toList();
    HttpResponse<Buffer> proto = Http.get(uri, "Accept", PROTOBUF);
    assertThat(proto.getHeader("Content-Type")).isEqualTo(PROTOBUF);

    ByteArrayInputStream in = new ByteArrayInputStream(proto.body().getBytes());
    List<String> decoded = new ArrayList<>();
    Category c;
    while ((c = Category.parseDelimitedFrom(in)) != null) {
      decoded.add(new JsonObject().put("id", c.getId()).put("name", c.getName()).encode());
      assertThat(c.hasSlug()).isFalse();
    }
    assertThat(decoded).hasSizeGreaterThanOrEqualTo(50).isEqualTo(ndjson);
  }

  @Test
  void other_types_are_still_406() {
    for (String uri : List.of("/api/categories?limit=2", "/api/categories/3")) {
      HttpResponse<Buffer> r = Http.get(uri, "Accept", "text/csv");
      assertThat(r.statusCode()).as(uri).isEqualTo(406);
      assertThat(Http.json(r).getString("detail")).contains(PROTOBUF);
    }
  }
}
