package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchParserTest {

  private static List<SubRequest> parse(JsonObject... entries) {
    return BatchParser.parse(new JsonObject().put("requests", new JsonArray(List.of(
        (Object[]) entries))), MultiMap.caseInsensitiveMultiMap(), 50);
  }

  private static JsonObject get(String id, String path) {
    return new JsonObject().put("id", id).put("method", "GET").put("path", path);
  }

  @Test
  void an_over_long_path_is_refused_in_place_saying_so() {
    List<SubRequest> parsed = parse(get("long", "/api/products?q=" + "a".repeat(100_000)),
        get("ok", "/api/products/1"));
    assertThat(parsed.get(0).isValid()).isFalse();
    assertThat(parsed.get(0).invalid().detail()).contains("at most 8192 characters")
        .doesNotContain("absolute");
    assertThat(parsed.get(1).isValid()).isTrue();
    assertThat(parse(get("relative", "api/products/1")).get(0).invalid().detail())
        .contains("absolute path");
  }
}
