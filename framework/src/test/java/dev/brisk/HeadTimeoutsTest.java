package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeadTimeoutsTest {

  private static final long TIMEOUT = 30_000;

  private final AtomicLong now = new AtomicLong(1_000);
  private final Counter closedCounter = new SimpleMeterRegistry().counter("closed");
  private final HeadTimeouts heads = new HeadTimeouts(TIMEOUT, now::get, closedCounter);
  private final List<String> closed = new ArrayList<>();

  private void open(String name) {
    heads.opened(name, () -> closed.add(name));
  }

  @Test
  void closes_a_connection_that_sends_no_head_within_the_timeout() {
    open("silent");
    now.addAndGet(TIMEOUT - 1);
    heads.sweep();
    assertThat(closed).isEmpty();

    now.addAndGet(1);
    heads.sweep();

    assertThat(closed).containsExactly("silent");
    assertThat(closedCounter.count()).isEqualTo(1);
    assertThat(heads.size()).isZero();
  }

  @Test
  void never_closes_while_a_request_is_being_served() {
    open("busy");
    heads.requestStarted("busy", () -> closed.add("busy"), () -> false, true);
    now.addAndGet(10 * TIMEOUT);
    heads.sweep();
    assertThat(closed).isEmpty();
  }

  @Test
  void an_http2_connection_waits_again_only_once_all_its_streams_ended() {
    open("h2");
    AtomicBoolean first = new AtomicBoolean();
    AtomicBoolean second = new AtomicBoolean();
    heads.requestStarted("h2", () -> closed.add("h2"), first::get, false);
    heads.requestStarted("h2", () -> closed.add("h2"), second::get, false);
    first.set(true);
    now.addAndGet(2 * TIMEOUT);
    heads.sweep();
    assertThat(closed).as("one stream still open").isEmpty();

    second.set(true);
    heads.sweep();
    now.addAndGet(TIMEOUT);
    heads.sweep();

    assertThat(closed).containsExactly("h2");
  }

  @Test
  void waits_again_from_the_end_of_the_previous_response() {
    open("keep-alive");
    AtomicBoolean ended = new AtomicBoolean();
    heads.requestStarted("keep-alive", () -> closed.add("keep-alive"), ended::get, true);
    now.addAndGet(5 * TIMEOUT);
    ended.set(true);
    heads.sweep();
    assertThat(closed).as("the idle wait starts when the response ended").isEmpty();

    now.addAndGet(TIMEOUT);
    heads.sweep();

    assertThat(closed).containsExactly("keep-alive");
  }

  @Test
  void a_request_seen_before_its_connection_is_not_reset_to_waiting() {
    heads.requestStarted("early", () -> closed.add("early"), () -> false, true);
    open("early");
    now.addAndGet(2 * TIMEOUT);
    heads.sweep();
    assertThat(closed).isEmpty();
  }

  @Test
  void forgotten_connections_are_not_closed() {
    open("closed-by-client");
    open("http2");
    heads.forget("closed-by-client");
    heads.forget("http2");
    now.addAndGet(2 * TIMEOUT);
    heads.sweep();
    assertThat(closed).isEmpty();
  }

  @Test
  void ended_requests_are_let_go_when_the_next_one_starts_not_a_sweep_later() {
    open("keep-alive");
    for (int i = 0; i < 1000; i++) {
      AtomicBoolean ended = new AtomicBoolean();
      heads.requestStarted("keep-alive", () -> closed.add("keep-alive"), ended::get, true);
      ended.set(true);
    }
    assertThat(heads.held("keep-alive")).isEqualTo(1);
    AtomicBoolean running = new AtomicBoolean();
    heads.requestStarted("keep-alive", () -> closed.add("keep-alive"), running::get, false);
    heads.requestStarted("keep-alive", () -> closed.add("keep-alive"), running::get, false);
    assertThat(heads.held("keep-alive")).as("multiplexed requests in flight are kept")
        .isEqualTo(2);
    heads.requestStarted("keep-alive", () -> closed.add("keep-alive"), running::get, true);
    assertThat(heads.held("keep-alive"))
        .as("one request at a time: a new one means the earlier ones completed").isEqualTo(1);
  }
}
