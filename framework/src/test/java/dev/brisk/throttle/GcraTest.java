package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcraTest {

  private static final long SECOND = 1_000_000;

  @Test
  void allows_exactly_the_burst_then_denies_with_retry_after_one_interval() {
    List<Bandwidth> free = List.of(Bandwidth.parse("10/s:20"));
    long[] tats = new long[1];
    long now = 1_000 * SECOND;
    for (int i = 0; i < 20; i++) {
      Decision d = Gcra.decide(tats, free, 1, now);
      assertThat(d.allowed()).as("request %d", i + 1).isTrue();
      assertThat(d.remaining()).isEqualTo(19 - i);
    }
    Decision denied = Gcra.decide(tats, free, 1, now);
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.remaining()).isZero();
    assertThat(denied.retryAfterMicros()).isEqualTo(SECOND / 10);
    assertThat(denied.resetMicros()).isEqualTo(2 * SECOND);
  }

  @Test
  void refills_at_the_rate() {
    List<Bandwidth> free = List.of(Bandwidth.parse("10/s:20"));
    long[] tats = new long[1];
    long now = 1_000 * SECOND;
    for (int i = 0; i < 20; i++) {
      Gcra.decide(tats, free, 1, now);
    }
    assertThat(Gcra.decide(tats, free, 1, now + SECOND / 10 - 1).allowed()).isFalse();
    assertThat(Gcra.decide(tats, free, 1, now + SECOND / 10).allowed()).isTrue();
    assertThat(Gcra.decide(tats, free, 1, now + SECOND / 10).allowed()).isFalse();
  }

  @Test
  void the_tightest_bandwidth_binds_and_a_denial_charges_none() {
    List<Bandwidth> both = List.of(Bandwidth.parse("10/s:20"), Bandwidth.parse("25/h:25"));
    long[] tats = new long[2];
    long now = 1_000 * SECOND;
    for (int i = 0; i < 20; i++) {
      Gcra.decide(tats, both, 1, now + i * SECOND);
    }
    Decision d = Gcra.decide(tats, both, 1, now + 20 * SECOND);
    assertThat(d.allowed()).isTrue();
    assertThat(d.binding()).isEqualTo(1);
    assertThat(d.remaining()).isEqualTo(4);
    long[] before = tats.clone();
    Decision denied = Gcra.decide(tats, both, 10, now + 20 * SECOND);
    assertThat(denied.allowed()).isFalse();
    assertThat(tats).containsExactly(before);
  }

  @Test
  void a_cost_charges_several_tokens() {
    List<Bandwidth> free = List.of(Bandwidth.parse("10/s:20"));
    long[] tats = new long[1];
    assertThat(Gcra.decide(tats, free, 5, 0).remaining()).isEqualTo(15);
    assertThat(Gcra.decide(tats, free, 15, 0).allowed()).isTrue();
    assertThat(Gcra.decide(tats, free, 1, 0).allowed()).isFalse();
  }

  @Test
  void parses_tiers_and_costs() {
    var tiers = RateLimitOptions.parseTiers("free=10/s:20,1000/h;internal=unlimited");
    assertThat(tiers.get("free")).containsExactly(Bandwidth.parse("10/s:20"),
        new Bandwidth(1000, java.time.Duration.ofHours(1), 1000));
    assertThat(tiers.get("internal")).isEmpty();
    assertThat(RateLimitOptions.parseCosts("POST /api/orders=5")).containsEntry(
        "POST /api/orders", 5);
    assertThat(Bandwidth.parse("10/s:20").windowSeconds()).isEqualTo(2);
  }
}
