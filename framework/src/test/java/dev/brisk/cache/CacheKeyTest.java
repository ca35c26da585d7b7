package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheKeyTest {

  @Test
  void every_part_names_its_own_entry() {
    CacheKey key = CacheKey.of("order", 7, "id,items(id)");

    assertThat(key.asString()).isEqualTo("order|7|id,items(id)|json||");
    assertThat(key.withRepresentation("protobuf").withCaller("key:3").withVariant("AbCdEfGhIjKl")
        .asString()).isEqualTo("order|7|id,items(id)|protobuf|key:3|AbCdEfGhIjKl");
    assertThat(key.withVariant("AbCdEfGhIjKl").asString())
        .isNotEqualTo(key.withVariant("ZyXwVuTsRqPo").asString())
        .isNotEqualTo(key.asString());
  }
}
