package dev.brisk.resilience;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An {@link Outbound} on a fake clock with jitter fixed at half the cap, a scripted target, and
 * the request context the calls run on.
 */
final class Fixture {

  static final Object HANG = new Object();
  static final IOException RESET = new IOException("connection reset");

  final FakeTiming time = new FakeTiming();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ContextInternal context;
  final Loop loop;
  final DefaultOutbound outbound;
  final List<StateChange> changes = new CopyOnWriteArrayList<>();
  final Deque<Object> script = new ArrayDeque<>();
  final List<Promise<String>> pending = new ArrayList<>();
  int targetCalls;

  Fixture(Vertx vertx, OutboundOptions options) {
    context = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    loop = new Loop(context);
    outbound = new DefaultOutbound(vertx, options, registry, time, () -> 0.5);
    outbound.onStateChange(changes::add);
  }

  /** Next target answers, in order: a String succeeds, a Throwable fails, HANG never answers. */
  Fixture then(Object... outcomes) {
    script.addAll(List.of(outcomes));
    return this;
  }

  Future<String> call() {
    return loop.run(() -> outbound.callIdempotent(this::target));
  }

  Future<String> callOnce() {
    return loop.run(() -> outbound.callOnce(this::target));
  }

  /** Calls and waits for how the call ended (the clock does not move). */
  AsyncResult<String> await() {
    return Loop.outcome(call());
  }

  void advance(Duration d) {
    loop.run(() -> {
      time.advance(d);
      return null;
    });
    loop.flush();
  }

  double count(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).counter().count();
  }

  static Outcome outcomeOf(AsyncResult<?> result) {
    return result.succeeded() ? Outcome.SUCCESS
        : ((OutboundException) result.cause()).outcome();
  }

  private Future<String> target() {
    targetCalls++;
    Object next = script.isEmpty() ? "ok" : script.poll();
    if (next == HANG) {
      Promise<String> promise = Promise.promise();
      pending.add(promise);
      return promise.future();
    }
    return next instanceof Throwable t ? Future.failedFuture(t)
        : Future.succeededFuture((String) next);
  }

  static OutboundOptions options() {
    return OutboundOptions.defaults("carrier").withTimeout(Duration.ofSeconds(1))
        .withBreaker(BreakerOptions.defaults().withMinimumCalls(4).withHalfOpenProbes(2))
        .withRetry(RetryOptions.defaults().withMaxAttempts(1));
  }

  static Supplier<Throwable> status(int status) {
    return () -> OutboundException.status("carrier", status, null);
  }
}
