package dev.brisk.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lag from primary samples on a fake clock, rotation changes, and local write marks. */
class ReplicaStateTest {

  private static final long SECOND = 1_000_000_000L;
  private final ReplicaState replica = new ReplicaState("127.0.0.1:5433/postgres",
      Duration.ofSeconds(10));

  @Test
  void an_idle_primary_is_no_lag_however_long_it_stays_idle() {
    replica.observe(0, 1000, 1000, null);
    replica.observe(60 * SECOND, 1000, 1000, null);

    assertThat(replica.lagSeconds()).isZero();
    assertThat(replica.inRotation()).isTrue();
  }

  @Test
  void lag_is_the_age_of_the_oldest_unreplayed_primary_position() {
    replica.observe(0, 2000, 1000, null);
    replica.observe(4 * SECOND, 3000, 1000, null);
    assertThat(replica.lagSeconds()).isEqualTo(4.0);

    replica.observe(7 * SECOND, 4000, 2500, null);
    assertThat(replica.lagSeconds()).isEqualTo(3.0);
  }

  @Test
  void leaves_the_rotation_beyond_max_lag_and_returns_once_caught_up() {
    replica.observe(0, 2000, 1000, null);
    replica.observe(11 * SECOND, 2000, 1000, null);
    assertThat(replica.status().state()).isEqualTo("lagging");
    assertThat(replica.serves(0)).isFalse();

    replica.observe(12 * SECOND, 2000, 2000, null);
    assertThat(replica.status().state()).isEqualTo("in_rotation");
    assertThat(replica.serves(2000)).isTrue();
    assertThat(replica.serves(2001)).isFalse();
  }

  @Test
  void a_failed_poll_or_read_takes_it_out_until_the_next_good_poll() {
    replica.observe(0, -1, -1, new IOException("connection refused"));
    assertThat(replica.status().state()).isEqualTo("down");

    replica.observe(SECOND, -1, 500, null);
    assertThat(replica.inRotation()).isTrue();
    replica.markDown(new IOException("reset"));
    assertThat(replica.inRotation()).isFalse();
  }

  @Test
  void local_marks_last_for_the_window_and_keep_the_highest_position() {
    AtomicLong clock = new AtomicLong();
    WriteMarks marks = new WriteMarks(null, Duration.ofSeconds(5), clock::get);
    marks.record("key:a", 700);
    marks.record("key:a", 500);

    assertThat(value(marks.lookup("key:a"))).isEqualTo(700);
    assertThat(value(marks.lookup("key:b"))).isZero();
    clock.addAndGet(5 * SECOND);
    assertThat(value(marks.lookup("key:a"))).isZero();
  }

  @Test
  void a_zero_window_turns_marks_off() {
    assertThat(new WriteMarks(null, Duration.ZERO, System::nanoTime).isEnabled()).isFalse();
  }

  private static long value(Future<Long> future) {
    assertThat(future.isComplete()).isTrue();
    return future.result();
  }
}
