package dev.brisk.resilience;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A rate-based circuit breaker around a vertx-circuit-breaker {@link CircuitBreaker} (the gate).
 * The gate runs every admitted call, classifies its outcome through its {@code FailurePolicy} and
 * short-circuits calls with {@link OpenCircuitException} while open; it is configured with no
 * timeout, no retries, no reset timer and an unreachable failure count, because this class
 * decides: failure and slow-call rates over a rolling window with a minimum number of calls
 * open it ({@link CircuitBreaker#open()}), the injected clock ends the open period, and
 * {@code halfOpenProbes} probes run through a fresh (closed) gate before it closes again.
 * Thread-safe; listeners run outside the lock, on the thread that caused the change.
 */
final class RateBreaker {

  private static final int CALLS = 0;
  private static final int FAILURES = 1;
  private static final int SLOW = 2;

  private final Vertx vertx;
  private final String target;
  private final BreakerOptions options;
  private final Timing timing;
  private final RollingWindow window;
  private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
  private CircuitBreaker gate;
  private CircuitBreakerState state = CircuitBreakerState.CLOSED;
  private long openUntil;
  private int probesLeft;
  private int probesPassed;

  RateBreaker(Vertx vertx, String target, BreakerOptions options, Timing timing) {
    this.vertx = vertx;
    this.target = target;
    this.options = options;
    this.timing = timing;
    this.window = new RollingWindow(options.window().toNanos(), 3);
    this.gate = newGate();
  }

  /** Runs {@code call} if the breaker admits it; its outcome (retries included) is recorded. */
  <T> Future<T> execute(Supplier<Future<T>> call) {
    long start = timing.nanoTime();
    Admission admission = admit(start);
    fire(admission.change());
    if (admission.gate() == null) {
      return Future.failedFuture(shortCircuited(start));
    }
    return admission.gate().<T>execute(call).transform(ar -> {
      if (ar.failed() && ar.cause() instanceof OpenCircuitException) {
        return Future.failedFuture(shortCircuited(timing.nanoTime()));
      }
      long end = timing.nanoTime();
      boolean failed = ar.failed() && Transience.isTransient(ar.cause());
      boolean slow = end - start >= options.slowCallDuration().toNanos();
      fire(record(admission.probe(), failed, slow, end));
      return ar.succeeded() ? Future.succeededFuture(ar.result())
          : Future.failedFuture(ar.cause());
    });
  }

  /** The gate to run through (null: short-circuit now), and a state change to announce. */
  private record Admission(CircuitBreaker gate, boolean probe, StateChange change) {
  }

  private synchronized Admission admit(long now) {
    StateChange change = null;
    if (state == CircuitBreakerState.OPEN && now - openUntil >= 0) {
      change = halfOpen();
    }
    boolean probe = state == CircuitBreakerState.HALF_OPEN;
    if (probe && probesLeft == 0) {
      return new Admission(null, true, change);
    }
    probesLeft -= probe ? 1 : 0;
    // While OPEN the gate itself short-circuits the call with OpenCircuitException.
    return new Admission(gate, probe, change);
  }

  synchronized CircuitBreakerState state() {
    return state;
  }

  void onStateChange(Consumer<StateChange> listener) {
    listeners.add(listener);
  }

  private synchronized StateChange record(boolean probe, boolean failed, boolean slow, long now) {
    if (probe) {
      if (state != CircuitBreakerState.HALF_OPEN) {
        return null;
      }
      if (failed || slow) {
        return open(now, "a half-open probe " + (failed ? "failed" : "was slow"));
      }
      return ++probesPassed < options.halfOpenProbes() ? null
          : transition(CircuitBreakerState.CLOSED, probesPassed + " probes succeeded");
    }
    if (state != CircuitBreakerState.CLOSED) {
      return null;
    }
    window.add(CALLS, now);
    if (failed) {
      window.add(FAILURES, now);
    }
    if (slow) {
      window.add(SLOW, now);
    }
    return tripIfNeeded(now);
  }

  private StateChange tripIfNeeded(long now) {
    long calls = window.sum(CALLS, now);
    if (calls < options.minimumCalls()) {
      return null;
    }
    double failures = (double) window.sum(FAILURES, now) / calls;
    double slow = (double) window.sum(SLOW, now) / calls;
    if (failures >= options.failureRateThreshold()) {
      return open(now, "failure rate " + percent(failures) + " of " + calls + " calls");
    }
    if (slow >= options.slowCallRateThreshold()) {
      return open(now, "slow-call rate " + percent(slow) + " of " + calls + " calls");
    }
    return null;
  }

  private StateChange open(long now, String reason) {
    openUntil = now + options.openDuration().toNanos();
    window.clear();
    gate.open();
    return transition(CircuitBreakerState.OPEN, reason + "; short-circuiting for "
        + options.openDuration());
  }

  private StateChange halfOpen() {
    // The gate is open and vertx-circuit-breaker only leaves OPEN on its own wall-clock timer
    // with a single probe; a fresh gate admits our several probes, timed by our clock.
    gate = newGate();
    probesLeft = options.halfOpenProbes();
    probesPassed = 0;
    return transition(CircuitBreakerState.HALF_OPEN, "open for " + options.openDuration()
        + "; letting " + probesLeft + " probes through");
  }

  private StateChange transition(CircuitBreakerState to, String reason) {
    StateChange change = new StateChange(target, state, to, reason);
    state = to;
    if (to == CircuitBreakerState.CLOSED) {
      window.clear();
    }
    return change;
  }

  private void fire(StateChange change) {
    if (change != null) {
      listeners.forEach(l -> l.accept(change));
    }
  }

  private synchronized OutboundException shortCircuited(long now) {
    long left = state == CircuitBreakerState.OPEN ? openUntil - now : 0;
    Duration retryAfter = Duration.ofNanos(Math.max(left, Duration.ofSeconds(1).toNanos()));
    return new OutboundException(target, Outcome.SHORT_CIRCUITED, 0, retryAfter,
        target + " breaker is " + state, null);
  }

  private CircuitBreaker newGate() {
    return CircuitBreaker.create("brisk-" + target, vertx, new CircuitBreakerOptions()
            .setTimeout(-1)
            .setMaxRetries(0)
            .setResetTimeout(-1)
            .setMaxFailures(Integer.MAX_VALUE)
            .setNotificationAddress(null))
        .failurePolicy(ar -> ar.failed() && Transience.isTransient(ar.cause()));
  }

  private static String percent(double rate) {
    return Math.round(rate * 100) + "%";
  }
}
