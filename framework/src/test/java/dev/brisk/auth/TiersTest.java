package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TiersTest {

  @Test
  void names_are_header_and_tag_safe_tokens() {
    assertThat(Tiers.parse(" Anonymous, free-2,pro.plus,in_ternal").names())
        .containsExactly("anonymous", "free-2", "pro.plus", "in_ternal");
    // Each would break the quoted policy name in RateLimit-Policy (RFC 8941) or read oddly.
    for (String bad : new String[] {"fr\"ee", "fr\\ee", "frée", "free tier", "2free", "-free",
        "fr;ee"}) {
      assertThatThrownBy(() -> Tiers.of("anonymous", bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tier names hold lower-case letters");
    }
  }

  @Test
  void names_are_distinct_and_at_least_two() {
    assertThatThrownBy(() -> Tiers.of("anonymous", "Anonymous"))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> Tiers.of("anonymous")).hasMessageContaining("at least");
    assertThatThrownBy(() -> Tiers.of("anonymous", " ")).hasMessageContaining("non-empty");
  }
}
