package dev.brisk.resilience;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Calls to one outside service (a target) through, in this order: a deadline (the smaller of
 * {@link OutboundOptions#timeout()} and what is left of the incoming request's deadline), a
 * bulkhead, a circuit breaker (built on vertx-circuit-breaker, counting each call's outcome after
 * its retries) and retries with backoff inside a retry budget. Failures are
 * {@link OutboundException}s; pair with {@link LastGood} to serve a last good value instead.
 *
 * <pre>{@code
 * Outbound carrier = Outbound.create(vertx, OutboundOptions.defaults("carrier"), registry);
 * carrier.send(client.getAbs(url + "/quote")).map(HttpResponse::bodyAsJsonObject);
 * }</pre>
 *
 * <p>Create one per target and share it: its breaker, bulkhead and budget are per instance.
 * Thread-safe; call from an event loop (the request's context); listeners and results run there.
 * Never blocks.
 */
public interface Outbound {

  /** A target timed by {@code vertx}'s clock and timers; meters go to {@code registry}. */
  static Outbound create(Vertx vertx, OutboundOptions options, MeterRegistry registry) {
    return new DefaultOutbound(vertx, options, registry, Timing.of(vertx), Math::random);
  }

  /**
   * Runs a call that is safe to repeat: transient failures are retried. At the deadline the
   * returned future fails with {@link Outcome#TIMEOUT} and a late result is dropped; the call
   * itself should bound its own work (as {@link #send} does).
   */
  <T> Future<T> callIdempotent(Supplier<Future<T>> call);

  /** Runs a call that must not be repeated: never retried, otherwise as {@link #callIdempotent}. */
  <T> Future<T> callOnce(Supplier<Future<T>> call);

  /**
   * Sends a vertx-web-client request (a copy per attempt, so it may be a reused template):
   * retried when its method is idempotent or it carries an {@code Idempotency-Key} header. Each
   * attempt's timeout is what is left of the deadline, so Vert.x resets the request (closing an
   * HTTP/1 connection) when it passes. Answers are buffered up to
   * {@link OutboundOptions#maxAnswerBytes()} (the request's own body codec is replaced); a longer
   * one fails the attempt. A 5xx, 429 or 408 answer fails the call with
   * {@link OutboundException#status()} and its {@code Retry-After}; other answers are returned.
   */
  Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request);

  /** The breaker's state; an open breaker turns half-open at the first call after its open time. */
  CircuitBreakerState state();

  /** Adds a listener for breaker state changes; returns this. */
  Outbound onStateChange(Consumer<StateChange> listener);
}
