package dev.brisk.docs;

import dev.brisk.resilience.BreakerOptions;
import dev.brisk.resilience.Outbound;
import dev.brisk.resilience.OutboundOptions;
import dev.brisk.resilience.RetryOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** docs/resilience.md: wrapping any Future-returning call, idempotent or not. */
final class ResilienceExample {

  private static final Logger LOG = LoggerFactory.getLogger(ResilienceExample.class);

  /** A client of some payment service; any code that returns a Vert.x Future will do. */
  interface PaymentsClient {
    Future<JsonObject> exchangeRate(String currency);

    Future<JsonObject> charge(long orderId, long cents);
  }

  private final PaymentsClient client;
  private final Outbound payments;

  ResilienceExample(Vertx vertx, MeterRegistry registry, PaymentsClient client) {
    this.client = client;
    // region create
    payments = Outbound.create(vertx, OutboundOptions.defaults("payments")
        .withTimeout(Duration.ofMillis(500))
        .withMaxConcurrent(32)
        .withBreaker(BreakerOptions.defaults()
            .withFailureRateThreshold(0.5)
            .withSlowCalls(0.8, Duration.ofMillis(300))
            .withHalfOpenProbes(3))
        .withRetry(RetryOptions.defaults()
            .withMaxAttempts(3)
            .withBudget(0.2, 10, Duration.ofSeconds(10))), registry);
    payments.onStateChange(change -> LOG.warn("payments breaker {} -> {}: {}",
        change.from(), change.to(), change.reason()));
    // endregion create
  }

  // region calls
  Future<JsonObject> rate(String currency) {
    // Reads are safe to repeat: transient failures are retried within the budget.
    return payments.callIdempotent(() -> client.exchangeRate(currency));
  }

  Future<JsonObject> charge(long orderId, long cents) {
    // A charge must not happen twice: one attempt, still under deadline, bulkhead and breaker.
    return payments.callOnce(() -> client.charge(orderId, cents));
  }
  // endregion calls
}
