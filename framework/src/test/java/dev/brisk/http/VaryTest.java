package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class VaryTest {

  private static String grown(String vary, String names) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (vary != null) {
      headers.set("Vary", vary);
    }
    Vary.add(headers, names);
    return headers.get("Vary");
  }

  @Test
  void adds_only_the_names_not_listed_yet() {
    assertThat(grown(null, "Accept-Encoding")).isEqualTo("Accept-Encoding");
    assertThat(grown(" ", "X-API-Key, Authorization")).isEqualTo("X-API-Key, Authorization");
    assertThat(grown("Accept", "Accept-Encoding")).isEqualTo("Accept, Accept-Encoding");
    assertThat(grown("Accept, accept-encoding", "Accept-Encoding"))
        .isEqualTo("Accept, accept-encoding");
    assertThat(grown("Accept-Encoding, X-API-Key", "X-API-Key, Authorization"))
        .isEqualTo("Accept-Encoding, X-API-Key, Authorization");
  }

  @Test
  void names_compare_without_their_spaces_and_empty_entries_are_skipped() {
    assertThat(grown("Accept ,  X-API-Key ", "x-api-key")).isEqualTo("Accept ,  X-API-Key ");
    assertThat(grown("Accept", " Accept-Encoding , accept ,, "))
        .isEqualTo("Accept, Accept-Encoding");
    assertThat(grown("Accept-Encoding-X", "Accept-Encoding")).isEqualTo(
        "Accept-Encoding-X, Accept-Encoding");
    assertThat(grown("X-Accept", "Accept")).isEqualTo("X-Accept, Accept");
  }

  @Test
  void a_star_stays_as_it_is() {
    assertThat(grown("*", "Accept-Encoding")).isEqualTo("*");
  }
}
