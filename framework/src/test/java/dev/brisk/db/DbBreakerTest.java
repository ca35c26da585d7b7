package dev.brisk.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DbBreakerTest {

  private final AtomicLong now = new AtomicLong();
  private final DbBreaker breaker = new DbBreaker(3, Duration.ofSeconds(2), now::get);

  @Test
  void opens_after_three_consecutive_connection_failures() {
    assertThat(breaker.onConnectionFailure()).isFalse();
    assertThat(breaker.onConnectionFailure()).isFalse();
    assertThat(breaker.tryAcquire()).isEqualTo(DbBreaker.Permit.ALLOWED);

    assertThat(breaker.onConnectionFailure()).as("opened").isTrue();

    assertThat(breaker.tryAcquire()).isEqualTo(DbBreaker.Permit.REFUSED);
    assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void a_success_in_between_resets_the_count() {
    breaker.onConnectionFailure();
    breaker.onConnectionFailure();
    breaker.onSuccess();
    breaker.onConnectionFailure();
    breaker.onConnectionFailure();

    assertThat(breaker.tryAcquire()).isEqualTo(DbBreaker.Permit.ALLOWED);
  }

  @Test
  void lets_one_probe_through_after_the_open_period_and_closes_when_it_connects() {
    open();
    now.addAndGet(Duration.ofSeconds(2).toNanos());

    assertThat(breaker.tryAcquire()).isEqualTo(DbBreaker.Permit.PROBE);
    assertThat(breaker.tryAcquire()).as("while probing").isEqualTo(DbBreaker.Permit.REFUSED);
    assertThat(breaker.onSuccess()).as("closed").isTrue();

    assertThat(breaker.tryAcquire()).isEqualTo(DbBreaker.Permit.ALLOWED);
  }

  @Test
  void a_failed_probe_opens_it_for_another_period() {
    open();
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(breaker.tryAcquire()).isEqualTo(DbBreaker.Permit.PROBE);

    breaker.onConnectionFailure();

    assertThat(breaker.tryAcquire()).isEqualTo(DbBreaker.Permit.REFUSED);
    now.addAndGet(Duration.ofMillis(1500).toNanos());
    assertThat(breaker.tryAcquire()).isEqualTo(DbBreaker.Permit.REFUSED);
    assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(breaker.tryAcquire()).isEqualTo(DbBreaker.Permit.PROBE);
  }

  private void open() {
    for (int i = 0; i < 3; i++) {
      breaker.onConnectionFailure();
    }
  }
}
