package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The queue-delay limit, fed samples on a simulated timeline (time comes from the samples). */
class QueueDelayLimitTest {

  private long now = 1_000_000_000L;

  @Test
  void grows_while_saturated_at_its_baseline_latency() {
    QueueDelayLimit limit = new QueueDelayLimit(20, 4, 1000, 2.0);
    feed(limit, Duration.ofSeconds(2), Duration.ofMillis(5), 1000);
    assertThat(limit.getLimit()).isGreaterThan(100);
  }

  @Test
  void shrinks_when_latency_rises_past_tolerance_and_never_below_the_minimum() {
    QueueDelayLimit limit = new QueueDelayLimit(200, 4, 1000, 2.0);
    feed(limit, Duration.ofMillis(500), Duration.ofMillis(5), 10);
    int calm = limit.getLimit();
    feed(limit, Duration.ofMillis(500), Duration.ofMillis(30), 200);
    assertThat(limit.getLimit()).isLessThan(calm / 4);
    feed(limit, Duration.ofSeconds(2), Duration.ofMillis(30), 200);
    assertThat(limit.getLimit()).isEqualTo(4);
  }

  @Test
  void latency_that_rises_while_most_of_the_limit_is_unused_leaves_it_alone() {
    QueueDelayLimit limit = new QueueDelayLimit(200, 4, 1000, 2.0);
    feed(limit, Duration.ofMillis(500), Duration.ofMillis(5), 10);
    // a failover: ten times slower, but only a few requests in flight, far below the limit
    feed(limit, Duration.ofSeconds(2), Duration.ofMillis(50), 20);
    assertThat(limit.getLimit()).isEqualTo(200);
    // the same latency with the limit in use shrinks it
    feed(limit, Duration.ofMillis(500), Duration.ofMillis(50), 200);
    assertThat(limit.getLimit()).isLessThan(50);
  }

  @Test
  void a_sustained_overload_does_not_raise_its_own_baseline() {
    QueueDelayLimit limit = new QueueDelayLimit(50, 4, 1000, 2.0);
    feed(limit, Duration.ofSeconds(1), Duration.ofMillis(5), 50);
    // 40 s saturated at 3x the baseline: the limit stays down, the baseline is not forgotten
    feed(limit, Duration.ofSeconds(40), Duration.ofMillis(15), 1000);
    assertThat(limit.getLimit()).isEqualTo(4);
  }

  @Test
  void a_slower_service_becomes_the_baseline_once_demand_falls_below_the_limit() {
    QueueDelayLimit limit = new QueueDelayLimit(50, 4, 1000, 2.0);
    feed(limit, Duration.ofSeconds(1), Duration.ofMillis(5), 50);
    // the service is now 15 ms at low concurrency: within 20 s that is the new normal
    feed(limit, Duration.ofSeconds(25), Duration.ofMillis(15), 1);
    int settled = limit.getLimit();
    feed(limit, Duration.ofSeconds(1), Duration.ofMillis(15), settled);
    assertThat(limit.getLimit()).isGreaterThan(settled);
  }

  @Test
  void a_dropped_request_shrinks_the_limit() {
    QueueDelayLimit limit = new QueueDelayLimit(100, 4, 1000, 2.0);
    for (int i = 0; i < 30; i++) {
      now += Duration.ofMillis(10).toNanos();
      limit.onSample(now, Duration.ofMillis(5).toNanos(), 10, i == 15);
    }
    assertThat(limit.getLimit()).isEqualTo(90);
  }

  /** One sample per millisecond for {@code span}, each taking {@code rtt}. */
  private void feed(QueueDelayLimit limit, Duration span, Duration rtt, int inFlight) {
    for (long t = 0; t < span.toMillis(); t++) {
      now += 1_000_000L;
      limit.onSample(now - rtt.toNanos(), rtt.toNanos(), inFlight, false);
    }
  }
}
