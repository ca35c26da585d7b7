package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorTest {

  @Test
  void validator_etags_change_with_any_version_mask_or_representation() {
    CacheKey key = CacheKey.of("product", 5, "id,name");
    Map<String, String> v1 = Map.of("product:5", "100", "category:2", "7");
    String etag = Validator.of(key, v1).etag();
    assertThat(Validator.of(key.withCaller("key:1"), v1).etag()).isEqualTo(etag);
    assertThat(Validator.of(key, Map.of("product:5", "101", "category:2", "7")).etag())
        .isNotEqualTo(etag);
    assertThat(Validator.of(CacheKey.of("product", 5, "id"), v1).etag()).isNotEqualTo(etag);
    assertThat(Validator.of(key.withRepresentation("protobuf"), v1).etag()).isNotEqualTo(etag);
    assertThat(Validator.of(key, v1).tags())
        .containsExactlyInAnyOrder("product:5", "category:2", "product", "category");
  }
}
