package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CachedBodyTest {

  private static final Pattern SPEC = Pattern.compile("[A-Za-z0-9_.:*-]{1,200}");

  @Test
  void accepts_tags_of_letters_digits_and_separators_up_to_200() {
    for (String tag : new String[] {"product:5", "pages:order", "category-products:1", "a",
        "v1.2_x*", "x".repeat(200)}) {
      assertThat(CachedBody.requireTag(tag)).isEqualTo(tag);
    }
    assertThat(new CachedBody(Buffer.buffer("{}"), "\"e\"", Set.of("product:1")).tags())
        .containsExactly("product:1");
  }

  @Test
  void rejects_other_tags_naming_them() {
    for (String tag : new String[] {"", "x".repeat(201), "product 5", "a/b", "tag\n",
        "ü", "a,b", "pages:{x}"}) {
      assertThatThrownBy(() -> CachedBody.requireTag(tag))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("was '" + tag + "'");
    }
  }

  @Test
  void random_strings_are_accepted_exactly_when_the_documented_pattern_matches() {
    Random random = new Random(42);
    String alphabet = "aZ09_.:*-/ {}\n\u00e9\u0000,;";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder tag = new StringBuilder();
      int length = random.nextInt(i % 100 == 0 ? 260 : 12);
      for (int j = 0; j < length; j++) {
        tag.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String candidate = tag.toString();
      boolean accepted;
      try {
        CachedBody.requireTag(candidate);
        accepted = true;
      } catch (IllegalArgumentException e) {
        accepted = false;
      }
      assertThat(accepted).as("'%s'", candidate).isEqualTo(SPEC.matcher(candidate).matches());
    }
  }
}
