package dev.brisk.resilience;

import static dev.brisk.resilience.Fixture.HANG;
import static dev.brisk.resilience.Fixture.RESET;
import static dev.brisk.resilience.Fixture.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rate-based breaker: when it opens, what it short-circuits, how probes close it. */
@ExtendWith(VertxExtension.class)
class BreakerTest {

  @Test
  void waits_for_the_minimum_calls_then_opens_at_the_failure_rate(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options()).then("ok", RESET, RESET, RESET);
    for (int i = 0; i < 3; i++) {
      f.await();
    }
    assertThat(f.outbound.state()).as("3 calls < minimum 4").isEqualTo(CircuitBreakerState.CLOSED);
    f.await();
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(f.changes).singleElement().satisfies(c -> {
      assertThat(c.from()).isEqualTo(CircuitBreakerState.CLOSED);
      assertThat(c.reason()).startsWith("failure rate 75% of 4 calls");
    });
  }

  @Test
  void stays_closed_below_the_failure_rate(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options())
        .then("ok", RESET, "ok", "ok", RESET, "ok", "ok", RESET, "ok", "ok");
    for (int i = 0; i < 10; i++) {
      f.await();
    }
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(f.count("brisk.outbound.calls", "outcome", "failure")).isEqualTo(3);
  }

  @Test
  void client_errors_do_not_count_against_the_target(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options());
    for (int i = 0; i < 6; i++) {
      f.then(OutboundException.status("carrier", 404, null));
      assertThat(outcomeOf(f.await())).isEqualTo(Outcome.FAILURE);
    }
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void opens_at_the_slow_call_rate(Vertx vertx) {
    OutboundOptions options = Fixture.options().withTimeout(Duration.ofSeconds(5))
        .withBreaker(Fixture.options().breaker().withSlowCalls(0.5, Duration.ofMillis(200)));
    Fixture f = new Fixture(vertx, options).then(HANG, HANG, "ok", "ok");
    List<Future<String>> slow = List.of(f.call(), f.call());
    f.advance(Duration.ofMillis(200));
    f.loop.run(() -> {
      f.pending.forEach(p -> p.complete("late"));
      return null;
    });
    slow.forEach(Loop::outcome);
    f.await();
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.CLOSED);
    f.await();
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(f.changes.get(0).reason()).startsWith("slow-call rate 50% of 4 calls");
  }

  @Test
  void while_open_calls_fail_fast_without_reaching_the_target(Vertx vertx) {
    Fixture f = opened(vertx);
    int before = f.targetCalls;
    f.advance(Duration.ofSeconds(2));
    AsyncResult<String> result = f.await();
    assertThat(outcomeOf(result)).isEqualTo(Outcome.SHORT_CIRCUITED);
    assertThat(((OutboundException) result.cause()).retryAfter())
        .as("what is left of the 5 s open period").isEqualTo(Duration.ofSeconds(3));
    assertThat(((OutboundException) result.cause()).toProblem().headers())
        .containsEntry("Retry-After", "3");
    assertThat(f.targetCalls).isEqualTo(before);
    assertThat(f.count("brisk.outbound.calls", "outcome", "short_circuited")).isEqualTo(1);
  }

  @Test
  void after_the_open_period_several_probes_pass_and_close_it(Vertx vertx) {
    Fixture f = opened(vertx).then(HANG, HANG);
    f.advance(Duration.ofSeconds(5));
    List<Future<String>> probes = new ArrayList<>(List.of(f.call(), f.call()));
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.HALF_OPEN);
    assertThat(outcomeOf(f.await())).as("a third call while 2 probes run")
        .isEqualTo(Outcome.SHORT_CIRCUITED);
    f.loop.run(() -> {
      f.pending.forEach(p -> p.complete("ok"));
      return null;
    });
    probes.forEach(p -> assertThat(Loop.outcome(p).succeeded()).isTrue());
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(f.changes).extracting(StateChange::to).containsExactly(
        CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN, CircuitBreakerState.CLOSED);
    assertThat(f.registry.get("brisk.outbound.breaker.state").tag("state", "closed").gauge()
        .value()).isEqualTo(1);
  }

  @Test
  void once_closed_by_its_probes_it_forgets_the_failures_that_opened_it(Vertx vertx) {
    Fixture f = opened(vertx).then("ok", "ok", "ok", "ok", RESET, "ok", "ok", "ok");
    f.advance(Duration.ofSeconds(5));
    List<Future<String>> probes = List.of(f.call(), f.call(), f.call());
    probes.forEach(p -> assertThat(Loop.outcome(p).succeeded()).isTrue());
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.CLOSED);
    // The window was cleared when it closed: the four failures before are not counted again
    // (they were, and one success after closing reopened it at "80% of 5 calls").
    f.await();
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(outcomeOf(f.await())).isEqualTo(Outcome.FAILURE);
    for (int i = 0; i < 3; i++) {
      f.await();
    }
    assertThat(f.outbound.state()).as("1 failure in 5 calls").isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void a_failed_probe_opens_it_again_for_a_full_period(Vertx vertx) {
    Fixture f = opened(vertx).then(RESET);
    f.advance(Duration.ofSeconds(5));
    assertThat(outcomeOf(f.await())).isEqualTo(Outcome.FAILURE);
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.OPEN);
    f.advance(Duration.ofMillis(4999));
    assertThat(outcomeOf(f.await())).isEqualTo(Outcome.SHORT_CIRCUITED);
    assertThat(f.changes).extracting(StateChange::to).containsExactly(
        CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN, CircuitBreakerState.OPEN);
    assertThat(f.count("brisk.outbound.breaker.transitions", "to", "open")).isEqualTo(2);
  }

  @Test
  void timeouts_count_as_failures(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options()).then(HANG, HANG, HANG, HANG);
    List<Future<String>> calls = List.of(f.call(), f.call(), f.call(), f.call());
    f.advance(Duration.ofSeconds(1));
    calls.forEach(c -> assertThat(outcomeOf(Loop.outcome(c))).isEqualTo(Outcome.TIMEOUT));
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.OPEN);
  }

  /** A breaker opened by four failures at the fixture's start time. */
  private static Fixture opened(Vertx vertx) {
    Fixture f = new Fixture(vertx, Fixture.options()).then(RESET, RESET, RESET, RESET);
    for (int i = 0; i < 4; i++) {
      f.await();
    }
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.OPEN);
    return f;
  }
}
