package dev.brisk.resilience;

import dev.brisk.internal.RequestScope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;

/**
 * One outbound call: attempts, backoff between them, and the deadline that ends it. Lives on the
 * caller's context (timers fire there), so its fields need no locks.
 */
final class Call<T> {

  /** Starts one attempt given the nanoseconds left before the deadline. */
  interface Attempt<T> {
    Future<T> start(long nanosLeft);
  }

  private final DefaultOutbound outbound;
  private final Attempt<T> attempt;
  private final boolean idempotent;
  private final long deadline;
  private final RequestScope scope;
  private final Promise<T> promise = Promise.promise();
  private Runnable cancelDeadline;
  private Runnable cancelBackoff;
  private Runnable unhook;
  private int attempts;

  Call(DefaultOutbound outbound, Attempt<T> attempt, boolean idempotent, long deadline,
      RequestScope scope) {
    this.outbound = outbound;
    this.attempt = attempt;
    this.idempotent = idempotent;
    this.deadline = deadline;
    this.scope = scope;
  }

  static OutboundException timeout(String target) {
    return new OutboundException(target, Outcome.TIMEOUT, 0, null,
        target + " did not answer before the deadline", null);
  }

  Future<T> start() {
    long now = outbound.timing.nanoTime();
    outbound.budget.recordCall(now);
    cancelDeadline = outbound.timing.schedule(deadline - now, this::expire);
    // The incoming request may end earlier than our timer (its deadline moved or it was
    // cancelled); the call ends with it.
    unhook = scope == null ? null : scope.onExpire(this::expire);
    next();
    return promise.future();
  }

  private void next() {
    attempts++;
    Future<T> result;
    try {
      result = attempt.start(deadline - outbound.timing.nanoTime());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (ar.succeeded()) {
        finish(Future.succeededFuture(ar.result()));
      } else {
        retryOrFail(ar.cause());
      }
    });
  }

  private void retryOrFail(Throwable cause) {
    long delay = retryDelay(cause);
    if (delay < 0) {
      finish(Future.failedFuture(cause));
      return;
    }
    outbound.meters.retries.increment();
    cancelBackoff = outbound.timing.schedule(delay, this::next);
  }

  /** Nanoseconds to wait before the next attempt, or -1 for none. */
  private long retryDelay(Throwable cause) {
    RetryOptions retry = outbound.options.retry();
    if (!idempotent || attempts >= retry.maxAttempts() || !Transience.isTransient(cause)) {
      return -1;
    }
    long cap = Math.min(retry.maxDelay().toNanos(),
        retry.baseDelay().toNanos() << Math.min(attempts - 1, 30));
    long delay = (long) (outbound.random.getAsDouble() * cap);
    Duration after = cause instanceof OutboundException e ? e.retryAfter() : null;
    if (after != null) {
      delay = Math.max(delay, after.toNanos());
    }
    long now = outbound.timing.nanoTime();
    if (now + delay - deadline >= 0) {
      return -1;
    }
    if (!outbound.budget.tryRetry(now)) {
      outbound.meters.budgetExhausted.increment();
      return -1;
    }
    return delay;
  }

  private void expire() {
    finish(Future.failedFuture(timeout(outbound.options.target())));
  }

  private void finish(Future<T> outcome) {
    if (promise.future().isComplete()) {
      return;
    }
    cancelDeadline.run();
    if (cancelBackoff != null) {
      cancelBackoff.run();
    }
    if (unhook != null) {
      unhook.run();
    }
    promise.handle(outcome);
  }
}
