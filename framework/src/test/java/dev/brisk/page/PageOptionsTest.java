package dev.brisk.page;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageOptionsTest {

  @Test
  void defaults_match_the_api_contract() {
    PageOptions o = PageOptions.defaults();
    assertThat(o.defaultLimit()).isEqualTo(20);
    assertThat(o.maxLimit()).isEqualTo(100);
    assertThat(o.ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(o.keys()).hasSize(1).allSatisfy(k -> assertThat(k).hasSize(32));
  }

  @Test
  void parses_comma_separated_keys_in_order() {
    String binary = Base64.getEncoder().encodeToString(new byte[20]);
    List<byte[]> keys = PageOptions.keysFrom(
        " new-secret-0123456789 , ,old-secret-0123456789,base64:" + binary);
    assertThat(keys).hasSize(3);
    assertThat(new String(keys.get(0), UTF_8)).isEqualTo("new-secret-0123456789");
    assertThat(new String(keys.get(1), UTF_8)).isEqualTo("old-secret-0123456789");
    assertThat(keys.get(2)).isEqualTo(new byte[20]);
  }

  @Test
  void falls_back_to_the_process_random_key_when_unconfigured() {
    assertThat(PageOptions.keysFrom(null)).hasSize(1);
    byte[] a = PageOptions.keysFrom(" ").get(0);
    byte[] b = PageOptions.keysFrom("").get(0);
    // The same key on every call: a pager made per verticle verifies another one's cursors.
    assertThat(a).hasSize(32).isEqualTo(b).isEqualTo(PageOptions.defaults().keys().get(0))
        .isNotEqualTo(new byte[32]);
  }

  @Test
  void rejects_short_keys_without_echoing_them() {
    assertThatThrownBy(() -> PageOptions.defaults()
        .withKeys(PageOptions.keysFrom("long-enough-secret-1,hunter2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor key #2 has 7 bytes")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PageOptions.keysFrom("base64:!!"))
        .hasMessageContaining("key #1 is not valid base64");
  }

  @Test
  void validates_limits_and_ttl() {
    PageOptions d = PageOptions.defaults();
    assertThatThrownBy(() -> d.withLimits(0, 10)).hasMessageContaining("defaultLimit");
    assertThatThrownBy(() -> d.withLimits(20, 10)).hasMessageContaining("1..10, was 20");
    assertThatThrownBy(() -> d.withTtl(Duration.ZERO)).hasMessageContaining("ttl");
    assertThatThrownBy(() -> d.withKeys(List.of())).hasMessageContaining("at least one");
  }

  @Test
  void keys_cannot_be_changed_from_outside_and_never_print() {
    byte[] key = "0123456789abcdef-secret".getBytes(UTF_8);
    PageOptions o = PageOptions.defaults().withKeys(List.of(key));
    key[0] = 'X';
    o.keys().get(0)[1] = 'Y';
    assertThat(new String(o.keys().get(0), UTF_8)).isEqualTo("0123456789abcdef-secret");
    assertThat(o.toString()).doesNotContain("secret").contains("keys=1");
  }
}
