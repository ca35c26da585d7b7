package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TallyTest {

  private final Scenario scenario = Scenario.of("x", "x", 1, java.util.Set.of(200, 304),
      seq -> null);

  @Test
  void measures_latency_from_the_start_it_is_given_and_sorts_outcomes() {
    Tally t = new Tally();
    long ms = 1_000_000;

    t.response(0, 5 * ms, 200, scenario.classify(200));
    t.response(10 * ms, 12 * ms, 503, scenario.classify(503));
    t.response(20 * ms, 60 * ms, 500, scenario.classify(500));
    t.failure(70 * ms, new IOException("reset"));
    t.overflow();
    RunResult r = t.result("brisk", "x", "open", 100, 0, 100 * ms);

    assertThat(r.ok()).isEqualTo(1);
    assertThat(r.shed()).isEqualTo(1);
    assertThat(r.errors()).isEqualTo(2);
    assertThat(r.failed()).isEqualTo(3);
    assertThat(r.responses()).isEqualTo(3);
    assertThat(r.throughput()).isEqualTo(30.0);
    assertThat(r.percentileMillis(100)).isBetween(39.9, 40.1);
    assertThat(r.okPercentileMillis(100)).isBetween(4.99, 5.01);
    assertThat(r.statuses()).containsEntry(503, 1L).containsEntry(500, 1L);
  }

  @Test
  void a_step_passes_only_within_slo_errors_and_rate() {
    long ms = 1_000_000;
    Tally fast = new Tally();
    for (int i = 0; i < 100; i++) {
      fast.response(i * 10 * ms, i * 10 * ms + 2 * ms, 200, Outcome.OK);
    }
    RunResult good = fast.result("brisk", "x", "open", 100, 0, 1_000 * ms);
    Tally slow = new Tally();
    for (int i = 0; i < 100; i++) {
      slow.response(i * 10 * ms, i * 10 * ms + 200 * ms, 200, Outcome.OK);
    }
    RunResult late = slow.result("brisk", "x", "open", 100, 0, 1_000 * ms);

    assertThat(RateFinder.passes(good, Duration.ofMillis(100))).isTrue();
    assertThat(RateFinder.passes(late, Duration.ofMillis(100))).isFalse();
    assertThat(RateFinder.passes(good, Duration.ofMillis(1))).isFalse();
  }

  @Test
  void classifies_shed_and_unexpected_statuses() {
    assertThat(scenario.classify(304)).isEqualTo(Outcome.OK);
    assertThat(scenario.classify(429)).isEqualTo(Outcome.SHED);
    assertThat(scenario.classify(404)).isEqualTo(Outcome.ERROR);
  }
}
