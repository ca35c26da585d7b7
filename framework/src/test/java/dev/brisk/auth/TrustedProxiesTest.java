package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  @Test
  void ignores_forwarded_for_without_trusted_proxies() {
    assertThat(TrustedProxies.none().clientIp("10.0.0.1", "1.2.3.4")).isEqualTo("10.0.0.1");
  }

  @Test
  void skips_trusted_hops_right_to_left() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, fd00::/8");
    assertThat(proxies.clientIp("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.9.9.9"))
        .isEqualTo("1.2.3.4");
    assertThat(proxies.clientIp("fd00::1", "1.2.3.4")).isEqualTo("1.2.3.4");
    assertThat(proxies.clientIp("192.0.2.1", "1.2.3.4")).isEqualTo("192.0.2.1");
    assertThat(proxies.clientIp("10.0.0.1", "10.0.0.2")).isEqualTo("10.0.0.2");
  }

  @Test
  void a_malformed_hop_stops_at_the_last_trusted_address() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8");
    assertThat(proxies.clientIp("10.0.0.1", "1.2.3.4, evil.example")).isEqualTo("10.0.0.1");
  }

  @Test
  void rejects_entries_that_are_not_ip_literals() {
    assertThatThrownBy(() -> TrustedProxies.parse("proxy.internal"))
        .hasMessageContaining("proxy.internal");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("/33");
  }

  @Test
  void tiers_rank_in_configured_order() {
    Tiers tiers = Tiers.defaults();
    assertThat(tiers.named("pro").isAtLeast(tiers.named("free"))).isTrue();
    assertThat(tiers.anonymous().name()).isEqualTo("anonymous");
    assertThat(tiers.highest().name()).isEqualTo("internal");
    assertThatThrownBy(() -> tiers.named("gold")).hasMessageContaining("gold");
  }
}
