package dev.brisk.page;

import static dev.brisk.page.PagerParseTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageResultTest {

  @Test
  void envelope_holds_data_and_page_with_null_cursors() {
    PageResult<Integer> page = new PageResult<>(List.of(1, 2), 2, "n3xt", null, true);
    JsonObject json = page.toJson(i -> new JsonObject().put("id", i));
    assertThat(json.encode()).isEqualTo("{\"data\":[{\"id\":1},{\"id\":2}],\"page\":"
        + "{\"limit\":2,\"next_cursor\":\"n3xt\",\"prev_cursor\":null,\"has_more\":true}}");
  }

  @Test
  void link_header_keeps_the_query_and_replaces_the_cursor() {
    PageResult<Integer> page = new PageResult<>(List.of(1), 1, "NEXT_c-1", "PREV_c-2", true);
    String link = page.linkHeader("/api/products",
        query("sort", "-price_cents", "cursor", "old", "q", "red+shoes & socks=%", "q", "größe",
            "fields", "id,category(name)")).orElseThrow();
    String kept = "/api/products?sort=-price_cents&q=red%2Bshoes%20%26%20socks%3D%25"
        + "&q=gr%C3%B6%C3%9Fe&fields=id,category(name)";
    assertThat(link).isEqualTo("<" + kept + "&cursor=NEXT_c-1>; rel=\"next\", <" + kept
        + "&cursor=PREV_c-2>; rel=\"prev\"");
  }

  @Test
  void link_header_is_absent_without_cursors_and_single_otherwise() {
    assertThat(new PageResult<>(List.of(), 20, null, null, false)
        .linkHeader("/x", query())).isEmpty();
    assertThat(new PageResult<>(List.of(), 20, null, "p", false).linkHeader("/x", query()))
        .contains("</x?cursor=p>; rel=\"prev\"");
  }

  @Test
  void data_is_copied() {
    java.util.ArrayList<Integer> rows = new java.util.ArrayList<>(List.of(1));
    PageResult<Integer> page = new PageResult<>(rows, 1, null, null, false);
    rows.add(2);
    assertThat(page.data()).containsExactly(1);
  }
}
