package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledLogTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final ThrottledLog log = new ThrottledLog(LoggerFactory.getLogger("test"),
      Duration.ofSeconds(10), now::get);
  private final RuntimeException failure = new IllegalStateException("database down");

  @Test
  void logs_the_first_occurrence_then_once_per_interval() {
    assertThat(log.error("k", "failed: {}", failure)).isTrue();
    for (int i = 0; i < 1_000; i++) {
      assertThat(log.error("k", "failed: {}", failure)).isFalse();
    }
    now.addAndGet(Duration.ofSeconds(10).toNanos());

    assertThat(log.error("k", "failed: {}", failure)).as("next interval").isTrue();
    assertThat(log.error("k", "failed: {}", failure)).isFalse();
  }

  @Test
  void distinct_keys_are_logged_independently() {
    assertThat(log.warn("a", "failed: {}", failure)).isTrue();
    assertThat(log.warn("b", "failed: {}", failure)).isTrue();
    assertThat(log.warn("a", "failed: {}", failure)).isFalse();
  }
}
