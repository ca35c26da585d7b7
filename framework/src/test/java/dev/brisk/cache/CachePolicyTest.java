package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CachePolicyTest {

  @Test
  void renders_every_directive_for_shared_caches() {
    assertThat(CachePolicy.publicFor(Duration.ofSeconds(60))
        .withSharedMaxAge(Duration.ofMinutes(5))
        .withStaleWhileRevalidate(Duration.ofSeconds(30))
        .withStaleIfError(Duration.ofHours(1)).header())
        .isEqualTo("public, max-age=60, s-maxage=300, stale-while-revalidate=30, "
            + "stale-if-error=3600");
    assertThat(CachePolicy.privateFor(Duration.ofSeconds(10)).header())
        .isEqualTo("private, max-age=10");
    assertThat(CachePolicy.revalidate().header()).isEqualTo("no-cache");
    assertThat(CachePolicy.noStore().header()).isEqualTo("no-store");
  }

  @Test
  void refuses_directives_that_make_no_sense() {
    assertThatThrownBy(() -> CachePolicy.privateFor(Duration.ofSeconds(1))
        .withSharedMaxAge(Duration.ofSeconds(1))).hasMessageContaining("needs a public policy");
    assertThatThrownBy(() -> CachePolicy.revalidate().withStaleIfError(Duration.ofSeconds(1)))
        .hasMessageContaining("needs a max-age");
    assertThatThrownBy(() -> CachePolicy.publicFor(Duration.ofSeconds(-1)))
        .hasMessageContaining("maxAge must be >= 0, was PT-1S");
  }
}
