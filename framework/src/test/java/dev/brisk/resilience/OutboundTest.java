package dev.brisk.resilience;

import static dev.brisk.resilience.Fixture.HANG;
import static dev.brisk.resilience.Fixture.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.internal.RequestScope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The deadline and the bulkhead in front of the breaker, and the options' validation. */
@ExtendWith(VertxExtension.class)
class OutboundTest {

  @Test
  void a_call_times_out_at_its_own_timeout(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options()).then(HANG);
    Future<String> call = f.call();
    f.advance(Duration.ofMillis(999));
    assertThat(call.isComplete()).isFalse();
    f.advance(Duration.ofMillis(1));
    assertThat(outcomeOf(Loop.outcome(call))).isEqualTo(Outcome.TIMEOUT);
    assertThat(f.count("brisk.outbound.calls", "outcome", "timeout")).isEqualTo(1);
  }

  @Test
  void the_incoming_requests_remaining_deadline_shortens_it(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options()).then(HANG);
    RequestScope scope = new RequestScope("r1", Duration.ofMillis(300).toNanos(),
        f.time::nanoTime);
    scope.bind(f.context);
    Future<String> call = f.call();
    f.advance(Duration.ofMillis(300));
    assertThat(outcomeOf(Loop.outcome(call))).isEqualTo(Outcome.TIMEOUT);
  }

  @Test
  void a_request_past_its_deadline_calls_nothing(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options());
    RequestScope scope = new RequestScope("r1", 0, f.time::nanoTime);
    scope.bind(f.context);
    assertThat(outcomeOf(f.await())).isEqualTo(Outcome.TIMEOUT);
    assertThat(f.targetCalls).isZero();
  }

  @Test
  void an_expired_request_ends_its_call_at_once_and_cancels_the_timers(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options()).then(HANG);
    RequestScope scope = new RequestScope("r1", Duration.ofSeconds(5).toNanos(),
        f.time::nanoTime);
    scope.bind(f.context);
    Future<String> call = f.call();
    f.loop.run(() -> {
      scope.expire();
      return null;
    });
    assertThat(outcomeOf(Loop.outcome(call))).isEqualTo(Outcome.TIMEOUT);
    assertThat(f.time.scheduled()).isZero();
  }

  @Test
  void the_bulkhead_rejects_calls_beyond_its_limit_without_calling(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options().withMaxConcurrent(2)).then(HANG, HANG);
    List<Future<String>> running = List.of(f.call(), f.call());
    Future<String> third = f.call();
    assertThat(outcomeOf(Loop.outcome(third))).isEqualTo(Outcome.REJECTED);
    assertThat(((OutboundException) Loop.outcome(third).cause()).toProblem().status())
        .isEqualTo(503);
    assertThat(f.targetCalls).isEqualTo(2);
    f.loop.run(() -> {
      f.pending.forEach(p -> p.complete("ok"));
      return null;
    });
    running.forEach(Loop::outcome);
    assertThat(f.await().succeeded()).as("permits are released").isTrue();
    assertThat(f.count("brisk.outbound.calls", "outcome", "rejected")).isEqualTo(1);
  }

  @Test
  void a_late_answer_after_the_deadline_is_dropped(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options()).then(HANG);
    Future<String> call = f.call();
    f.advance(Duration.ofSeconds(1));
    f.loop.run(() -> f.pending.get(0).tryComplete("late"));
    assertThat(outcomeOf(Loop.outcome(call))).isEqualTo(Outcome.TIMEOUT);
    assertThat(f.count("brisk.outbound.calls", "outcome", "success")).isZero();
  }

  @Test
  void options_name_the_bad_value() {
    assertThatThrownBy(() -> OutboundOptions.defaults("x").withMaxConcurrent(0))
        .hasMessage("maxConcurrent must be >= 1, was 0");
    assertThatThrownBy(() -> BreakerOptions.defaults().withFailureRateThreshold(1.5))
        .hasMessage("failureRateThreshold must be in (0, 1], was 1.5");
    assertThatThrownBy(() -> RetryOptions.defaults().withBudget(0.2, -1, Duration.ofSeconds(1)))
        .hasMessage("minRetriesPerWindow must be >= 0, was -1");
    assertThatThrownBy(() -> OutboundOptions.defaults("x").withTimeout(Duration.ZERO))
        .hasMessage("timeout must be > 0, was PT0S");
  }

  @Test
  void retry_after_reads_delay_seconds_only() {
    assertThat(RetryAfter.parse("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("99999")).isEqualTo(Duration.ofHours(1));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:28:00 GMT")).isNull();
    assertThat(RetryAfter.parse(null)).isNull();
  }
}
