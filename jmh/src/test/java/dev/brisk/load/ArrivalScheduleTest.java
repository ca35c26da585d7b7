package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

  @Test
  void schedules_rate_times_duration_requests_at_fixed_intervals() {
    ArrivalSchedule s = new ArrivalSchedule(1_000, 4, Duration.ofSeconds(2));

    assertThat(s.count()).isEqualTo(8);
    assertThat(s.intendedNanos(0)).isEqualTo(1_000);
    assertThat(s.intendedNanos(1)).isEqualTo(1_000 + 250_000_000L);
    assertThat(s.intendedNanos(7)).isEqualTo(1_000 + 1_750_000_000L);
  }

  @Test
  void does_not_drift_over_a_long_run_with_an_uneven_interval() {
    ArrivalSchedule s = new ArrivalSchedule(0, 3, Duration.ofHours(2));

    assertThat(s.intendedNanos(3 * 3600)).isEqualTo(Duration.ofHours(1).toNanos());
  }

  @Test
  void due_count_agrees_with_intended_times_for_any_rate() {
    SplittableRandom random = new SplittableRandom(42);
    for (int trial = 0; trial < 2_000; trial++) {
      long rate = 1 + random.nextLong(250_000);
      long start = random.nextLong(1_000_000_000L);
      ArrivalSchedule s = new ArrivalSchedule(start, rate, Duration.ofSeconds(30));
      long i = random.nextLong(s.count());
      long t = s.intendedNanos(i);

      assertThat(s.dueBy(t)).as("rate %d, request %d", rate, i).isEqualTo(i + 1);
      assertThat(s.dueBy(t - 1)).as("rate %d, request %d", rate, i).isLessThanOrEqualTo(i);
    }
  }

  @Test
  void nothing_is_due_before_the_start_and_everything_after_the_end() {
    ArrivalSchedule s = new ArrivalSchedule(5_000, 100, Duration.ofSeconds(1));

    assertThat(s.dueBy(4_999)).isZero();
    assertThat(s.dueBy(5_000)).isEqualTo(1);
    assertThat(s.dueBy(Long.MAX_VALUE / 1_000_000)).isEqualTo(100);
  }

  @Test
  void rejects_a_rate_below_one() {
    assertThatThrownBy(() -> new ArrivalSchedule(0, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
  }
}
