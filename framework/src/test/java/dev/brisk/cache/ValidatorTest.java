package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorTest {

  @Test
  void the_etag_is_the_tag_of_the_key_and_the_sorted_versions_as_text() {
    CacheKey key = CacheKey.of("product", "5", "id,name,\u00e9t\u00e9");
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("product:5", "7" + "9".repeat(300));
    versions.put("category:2", "4");
    String text = "product\n5\nid,name,\u00e9t\u00e9\njson\ncategory:2=4\nproduct:5=7"
        + "9".repeat(300);
    assertThat(Validator.of(key, versions).etag())
        .isEqualTo(ETags.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void validator_etags_change_with_any_version_mask_or_representation() {
    CacheKey key = CacheKey.of("product", 5, "id,name");
    Map<String, String> v1 = Map.of("product:5", "100", "category:2", "7");
    String etag = Validator.of(key, v1).etag();
    assertThat(Validator.of(key.withCaller("key:1"), v1).etag()).isEqualTo(etag);
    // A write computes the ETag of what it changed without the reads' variant (If-Match).
    assertThat(Validator.of(key.withVariant("AbCdEfGhIjKl"), v1).etag()).isEqualTo(etag);
    assertThat(Validator.of(key, Map.of("product:5", "101", "category:2", "7")).etag())
        .isNotEqualTo(etag);
    assertThat(Validator.of(CacheKey.of("product", 5, "id"), v1).etag()).isNotEqualTo(etag);
    assertThat(Validator.of(key.withRepresentation("protobuf"), v1).etag()).isNotEqualTo(etag);
    assertThat(Validator.of(key, v1).tags())
        .containsExactlyInAnyOrder("product:5", "category:2", "product", "category");
  }

  @Test
  void the_order_versions_were_collected_in_does_not_change_the_etag() {
    CacheKey key = CacheKey.of("order", 7, "id,items(product(name))");
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("order:7", "1");
    forward.put("product:3", "2");
    forward.put("product:4", "3");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("product:4", "3");
    backward.put("product:3", "2");
    backward.put("order:7", "1");

    assertThat(Validator.of(key, backward).etag()).isEqualTo(Validator.of(key, forward).etag());
    assertThat(Validator.of(key, Map.of("order:7", "1")).etag())
        .isNotEqualTo(Validator.of(key, forward).etag());
  }

  @Test
  void one_row_yields_its_own_tag_and_its_resource_wide_tag() {
    CacheKey key = CacheKey.of("product", 5, "id");
    assertThat(Validator.of(key, Map.of("product:5", "9")).tags())
        .containsExactlyInAnyOrder("product:5", "product");
    assertThat(Validator.of(key, Map.of("catalog", "9")).tags()).containsExactly("catalog");
    assertThat(Validator.of(key, Map.of("product:5", "9")).etag())
        .isNotEqualTo(Validator.of(key, Map.of("product:6", "9")).etag());
  }
}
