package dev.brisk.resilience;

import static dev.brisk.resilience.Fixture.RESET;
import static dev.brisk.resilience.Fixture.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retries: which failures, when (backoff with full jitter, Retry-After), how many (budget). */
@ExtendWith(VertxExtension.class)
class RetryTest {

  private static OutboundOptions retrying(int attempts) {
    return Fixture.options().withRetry(RetryOptions.defaults().withMaxAttempts(attempts)
        .withBackoff(Duration.ofMillis(100), Duration.ofMillis(300)));
  }

  @Test
  void retries_transient_failures_after_jittered_exponential_backoff(Vertx vertx) {
    Fixture f = new Fixture(vertx, retrying(4)).then(RESET, RESET, RESET, "ok");
    Future<String> call = f.call();
    assertThat(f.targetCalls).isEqualTo(1);
    // Jitter is fixed at half the cap: 100 ms caps the first wait, then 200, then 300 (max).
    f.advance(Duration.ofMillis(49));
    assertThat(f.targetCalls).isEqualTo(1);
    f.advance(Duration.ofMillis(1));
    assertThat(f.targetCalls).isEqualTo(2);
    f.advance(Duration.ofMillis(100));
    assertThat(f.targetCalls).isEqualTo(3);
    f.advance(Duration.ofMillis(149));
    assertThat(f.targetCalls).isEqualTo(3);
    f.advance(Duration.ofMillis(1));
    assertThat(Loop.outcome(call).result()).isEqualTo("ok");
    assertThat(f.count("brisk.outbound.retries", "target", "carrier")).isEqualTo(3);
    assertThat(f.count("brisk.outbound.calls", "outcome", "success")).isEqualTo(1);
  }

  @Test
  void gives_up_after_max_attempts_with_the_last_failure(Vertx vertx) {
    Fixture f = new Fixture(vertx, retrying(2)).then(RESET, RESET, "ok");
    Future<String> call = f.call();
    f.advance(Duration.ofMillis(50));
    AsyncResult<String> result = Loop.outcome(call);
    assertThat(outcomeOf(result)).isEqualTo(Outcome.FAILURE);
    assertThat(result.cause().getCause()).isSameAs(RESET);
    assertThat(f.targetCalls).isEqualTo(2);
  }

  @Test
  void never_retries_calls_that_must_not_repeat_nor_client_errors(Vertx vertx) {
    Fixture f = new Fixture(vertx, retrying(3)).then(RESET);
    assertThat(outcomeOf(Loop.outcome(f.callOnce()))).isEqualTo(Outcome.FAILURE);
    f.then(OutboundException.status("carrier", 400, null));
    assertThat(outcomeOf(f.await())).isEqualTo(Outcome.FAILURE);
    assertThat(f.targetCalls).isEqualTo(2);
    assertThat(f.time.scheduled()).as("no backoff timer left").isZero();
  }

  @Test
  void honours_a_longer_retry_after(Vertx vertx) {
    Fixture f = new Fixture(vertx, retrying(2).withTimeout(Duration.ofSeconds(5)))
        .then(OutboundException.status("carrier", 503, Duration.ofSeconds(2)), "ok");
    Future<String> call = f.call();
    f.advance(Duration.ofMillis(1999));
    assertThat(f.targetCalls).isEqualTo(1);
    f.advance(Duration.ofMillis(1));
    assertThat(Loop.outcome(call).result()).isEqualTo("ok");
  }

  @Test
  void does_not_wait_for_a_retry_the_deadline_would_cut_short(Vertx vertx) {
    Fixture f = new Fixture(vertx, retrying(2))
        .then(OutboundException.status("carrier", 429, Duration.ofSeconds(3)));
    AsyncResult<String> result = f.await();
    assertThat(outcomeOf(result)).as("failed at once, not at the deadline")
        .isEqualTo(Outcome.FAILURE);
    assertThat(((OutboundException) result.cause()).retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(f.targetCalls).isEqualTo(1);
  }

  @Test
  void the_budget_caps_retries_at_a_share_of_calls(Vertx vertx) {
    OutboundOptions options = retrying(2).withRetry(retrying(2).retry()
        .withBudget(0.2, 0, Duration.ofSeconds(10)))
        .withBreaker(BreakerOptions.defaults().withMinimumCalls(100));
    Fixture f = new Fixture(vertx, options);
    for (int i = 0; i < 10; i++) {
      f.then(RESET, "ok");
      Future<String> call = f.call();
      f.advance(Duration.ofMillis(50));
      Loop.outcome(call);
      f.script.clear();
    }
    // 10 calls earn 2 retries (20%): calls 5 and 10 retried; the other 8 failed at once.
    assertThat(f.targetCalls).isEqualTo(12);
    assertThat(f.count("brisk.outbound.retries", "target", "carrier")).isEqualTo(2);
    assertThat(f.count("brisk.outbound.retry.budget.exhausted", "target", "carrier"))
        .isEqualTo(8);
    assertThat(f.count("brisk.outbound.calls", "outcome", "success")).isEqualTo(2);
  }

  @Test
  void the_budget_floor_lets_a_quiet_target_be_retried_and_refills_as_the_window_rolls(
      Vertx vertx) {
    OutboundOptions options = retrying(2).withRetry(retrying(2).retry()
        .withBudget(0.2, 1, Duration.ofSeconds(10)));
    Fixture f = new Fixture(vertx, options);
    assertThat(retriedOnce(f)).isTrue();
    assertThat(retriedOnce(f)).as("floor of 1 spent, 2 calls earn nothing yet").isFalse();
    f.advance(Duration.ofSeconds(10));
    assertThat(retriedOnce(f)).as("the window rolled").isTrue();
  }

  @Test
  void the_breaker_counts_a_call_once_after_its_retries(Vertx vertx) {
    OutboundOptions options = retrying(3).withRetry(retrying(3).retry()
        .withBudget(1, 0, Duration.ofSeconds(10)));
    Fixture f = new Fixture(vertx, options);
    for (int i = 0; i < 8; i++) {
      f.then(RESET, "ok");
      Future<String> call = f.call();
      f.advance(Duration.ofMillis(50));
      assertThat(Loop.outcome(call).succeeded()).isTrue();
    }
    assertThat(f.targetCalls).as("half of the attempts failed").isEqualTo(16);
    assertThat(f.outbound.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  private static boolean retriedOnce(Fixture f) {
    int before = f.targetCalls;
    f.then(RESET, "ok");
    Future<String> call = f.call();
    f.advance(Duration.ofMillis(50));
    Loop.outcome(call);
    f.script.clear();
    return f.targetCalls - before == 2;
  }
}
