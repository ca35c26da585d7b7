package dev.brisk.resilience;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters of one target, all tagged {@code target}: {@code brisk.outbound.calls} by
 * {@code outcome}, {@code brisk.outbound.breaker.state} (1 for the current {@code state}, else
 * 0), {@code brisk.outbound.breaker.transitions} by {@code to}, {@code brisk.outbound.retries}
 * and {@code brisk.outbound.retry.budget.exhausted}. Also logs every state change.
 */
final class OutboundMeters {

  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

  private final Map<Outcome, Counter> calls = new EnumMap<>(Outcome.class);
  private final Map<CircuitBreakerState, Counter> transitions =
      new EnumMap<>(CircuitBreakerState.class);
  final Counter retries;
  final Counter budgetExhausted;

  OutboundMeters(MeterRegistry registry, String target, Supplier<CircuitBreakerState> state) {
    for (Outcome o : Outcome.values()) {
      calls.put(o, Counter.builder("brisk.outbound.calls").tag("target", target)
          .tag("outcome", o.tag()).description("Outbound calls by how they ended")
          .register(registry));
    }
    for (CircuitBreakerState s : CircuitBreakerState.values()) {
      String name = s.name().toLowerCase(Locale.ROOT);
      Gauge.builder("brisk.outbound.breaker.state", () -> state.get() == s ? 1 : 0)
          .tag("target", target).tag("state", name)
          .description("1 for the breaker's current state").register(registry);
      transitions.put(s, Counter.builder("brisk.outbound.breaker.transitions")
          .tag("target", target).tag("to", name).description("Breaker state changes")
          .register(registry));
    }
    retries = Counter.builder("brisk.outbound.retries").tag("target", target)
        .description("Retries sent (extra calls)").register(registry);
    budgetExhausted = Counter.builder("brisk.outbound.retry.budget.exhausted")
        .tag("target", target).description("Retries skipped because the budget was spent")
        .register(registry);
  }

  void count(Outcome outcome) {
    calls.get(outcome).increment();
  }

  void changed(StateChange change) {
    transitions.get(change.to()).increment();
    if (change.to() == CircuitBreakerState.OPEN) {
      LOG.warn("Outbound {}: breaker {} -> OPEN: {}", change.target(), change.from(),
          change.reason());
    } else {
      LOG.info("Outbound {}: breaker {} -> {}: {}", change.target(), change.from(), change.to(),
          change.reason());
    }
  }
}
