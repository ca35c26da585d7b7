package dev.brisk.resilience;

import dev.brisk.internal.RequestScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** Deadline, then bulkhead, then {@link RateBreaker} around a retrying {@link Call}. */
final class DefaultOutbound implements Outbound {

  private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD,
      HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

  final OutboundOptions options;
  final Timing timing;
  final DoubleSupplier random;
  final RetryBudget budget;
  final OutboundMeters meters;
  private final RateBreaker breaker;
  private final AtomicInteger inFlight = new AtomicInteger();

  DefaultOutbound(Vertx vertx, OutboundOptions options, MeterRegistry registry, Timing timing,
      DoubleSupplier random) {
    this.options = options;
    this.timing = timing;
    this.random = random;
    this.budget = new RetryBudget(options.retry());
    this.breaker = new RateBreaker(vertx, options.target(), options.breaker(), timing);
    this.meters = new OutboundMeters(registry, options.target(), breaker::state);
    breaker.onStateChange(meters::changed);
  }

  @Override
  public <T> Future<T> callIdempotent(Supplier<Future<T>> call) {
    return run(nanos -> call.get(), true);
  }

  @Override
  public <T> Future<T> callOnce(Supplier<Future<T>> call) {
    return run(nanos -> call.get(), false);
  }

  @Override
  public Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request) {
    boolean idempotent = IDEMPOTENT.contains(request.method())
        || request.headers().contains("Idempotency-Key");
    return run(nanos -> attempt(request, nanos), idempotent);
  }

  @Override
  public CircuitBreakerState state() {
    return breaker.state();
  }

  @Override
  public Outbound onStateChange(Consumer<StateChange> listener) {
    breaker.onStateChange(listener);
    return this;
  }

  <T> Future<T> run(Call.Attempt<T> attempt, boolean idempotent) {
    long start = timing.nanoTime();
    RequestScope scope = RequestScope.current();
    long left = Math.min(options.timeout().toNanos(),
        scope == null ? Long.MAX_VALUE : scope.remainingNanos());
    if (left <= 0) {
      return end(Future.failedFuture(Call.timeout(options.target())));
    }
    if (inFlight.incrementAndGet() > options.maxConcurrent()) {
      inFlight.decrementAndGet();
      return end(Future.failedFuture(new OutboundException(options.target(), Outcome.REJECTED,
          0, Duration.ofSeconds(1), options.target() + " bulkhead is full", null)));
    }
    Future<T> result = breaker.execute(() ->
        new Call<>(this, attempt, idempotent, start + left, scope).start());
    return end(result.onComplete(ar -> inFlight.decrementAndGet()));
  }

  private <T> Future<T> end(Future<T> result) {
    return result.transform(ar -> {
      if (ar.succeeded()) {
        meters.count(Outcome.SUCCESS);
        return Future.succeededFuture(ar.result());
      }
      OutboundException e = ar.cause() instanceof OutboundException o ? o
          : new OutboundException(options.target(), Outcome.FAILURE, 0, null,
              options.target() + " failed: " + ar.cause(), ar.cause());
      meters.count(e.outcome());
      return Future.failedFuture(e);
    });
  }

  private Future<HttpResponse<Buffer>> attempt(HttpRequest<Buffer> template, long nanos) {
    // The request's own timeout resets it when the deadline passes, so the connection closes
    // instead of waiting for an answer nobody reads.
    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    return template.copy().as(CappedBody.buffer(options.maxAnswerBytes())).timeout(millis).send()
        .transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(ar.cause() instanceof CappedBody.AnswerTooLarge tooLarge
                ? new OutboundException(options.target(), Outcome.FAILURE, 0, null,
                    options.target() + " " + tooLarge.getMessage(), tooLarge)
                : ar.cause());
          }
          int status = ar.result().statusCode();
          return Transience.isTransient(status)
              ? Future.failedFuture(OutboundException.status(options.target(), status,
                  RetryAfter.parse(ar.result().getHeader("Retry-After"))))
              : Future.succeededFuture(ar.result());
        });
  }
}
