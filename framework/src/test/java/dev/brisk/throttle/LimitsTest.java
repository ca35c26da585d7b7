package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.concurrency.limits.Limit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LimitsTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void aimd_shrinks_on_a_request_slower_than_the_target_and_grows_while_the_limit_is_used() {
    Limit limit = Limits.of(ConcurrencyOptions.defaults().withAlgorithm("aimd")
        .withLimits(40, 8, 100).withLatencyTarget(Duration.ofMillis(40)));
    assertThat(limit.getLimit()).isEqualTo(40);

    limit.onSample(0, 41 * MS, 40, false);
    assertThat(limit.getLimit()).as("a tenth off").isEqualTo(36);

    limit.onSample(0, 10 * MS, 30, false);
    assertThat(limit.getLimit()).as("fast and busy: one more").isEqualTo(37);
    limit.onSample(0, 10 * MS, 5, false);
    assertThat(limit.getLimit()).as("fast but mostly idle: unchanged").isEqualTo(37);

    for (int i = 0; i < 100; i++) {
      limit.onSample(0, 500 * MS, 40, false);
    }
    assertThat(limit.getLimit()).as("never below the minimum").isEqualTo(8);
  }

  @Test
  void the_latency_target_must_be_positive() {
    assertThatThrownBy(() -> ConcurrencyOptions.defaults().withLatencyTarget(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencyTarget");
    assertThatThrownBy(() -> ConcurrencyOptions.defaults().withAlgorithm("aimdx"))
        .hasMessageContaining("aimd, was 'aimdx'");
  }
}
