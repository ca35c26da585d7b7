package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {

  private final AtomicLong now = new AtomicLong();

  @Test
  void hands_out_requests_missed_during_a_stall_with_their_own_intended_times() {
    ArrivalSchedule s = new ArrivalSchedule(0, 1_000, Duration.ofSeconds(1));
    Pacer pacer = new Pacer(s, now::get);

    assertThat(pacer.poll()).isEqualTo(new Pacer.Due(0, 1));
    now.set(Duration.ofMillis(100).toNanos());
    Pacer.Due late = pacer.poll();

    // The 100 requests due during the stall are all sent now, but each keeps the time it was
    // due, so the stall is charged to every one of them (coordinated omission corrected).
    assertThat(late).isEqualTo(new Pacer.Due(1, 101));
    assertThat(s.intendedNanos(late.from())).isEqualTo(Duration.ofMillis(1).toNanos());
    assertThat(s.intendedNanos(late.to() - 1)).isEqualTo(Duration.ofMillis(100).toNanos());
  }

  @Test
  void hands_out_every_request_exactly_once_whatever_the_clock_does() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      ArrivalSchedule s = new ArrivalSchedule(0, 1 + random.nextLong(50_000),
          Duration.ofMillis(1 + random.nextLong(500)));
      Pacer pacer = new Pacer(s, now::get);
      now.set(0);
      long expectedFrom = 0;
      while (!pacer.isDone()) {
        now.addAndGet(random.nextLong(3_000_000));
        Pacer.Due due = pacer.poll();
        assertThat(due.from()).isEqualTo(expectedFrom);
        assertThat(due.to()).isGreaterThanOrEqualTo(due.from());
        expectedFrom = due.to();
      }
      assertThat(expectedFrom).isEqualTo(s.count());
    }
  }

  @Test
  void waits_until_the_next_intended_time() {
    Pacer pacer = new Pacer(new ArrivalSchedule(0, 10, Duration.ofSeconds(1)), now::get);

    pacer.poll();
    now.set(30_000_000);

    assertThat(pacer.nanosUntilNext()).isEqualTo(70_000_000);
    now.set(150_000_000);
    assertThat(pacer.nanosUntilNext()).isZero();
    assertThat(pacer.poll()).isEqualTo(new Pacer.Due(1, 2));
  }
}
