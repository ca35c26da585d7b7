package dev.brisk.resilience;

import io.vertx.circuitbreaker.CircuitBreakerState;

/**
 * A circuit breaker moved from one state to another, with why ("failure rate 60% of 10 calls").
 * Delivered to {@link Outbound#onStateChange} listeners on the thread that caused it.
 */
public record StateChange(String target, CircuitBreakerState from, CircuitBreakerState to,
    String reason) {
}
