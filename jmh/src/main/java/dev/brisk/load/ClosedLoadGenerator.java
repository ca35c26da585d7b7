package dev.brisk.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Closed-model load for maximum throughput and side-by-side ratios: {@code connections} workers
 * each send the next request as soon as the previous answer arrives. Latency is from the actual
 * send, so it understates queueing (coordinated omission); use it for throughput, and the open
 * model for latency. {@link #run} blocks the calling (main) thread.
 */
final class ClosedLoadGenerator {

  private final LoadClient client;
  private final LongSupplier nanoClock;
  private final Duration grace;

  ClosedLoadGenerator(LoadClient client, LongSupplier nanoClock, Duration grace) {
    this.client = client;
    this.nanoClock = nanoClock;
    this.grace = grace;
  }

  /** Runs {@code scenario} with {@code connections} concurrent workers for {@code duration}. */
  RunResult run(String target, Scenario scenario, int connections, Duration duration) {
    long start = nanoClock.getAsLong();
    State state = new State(scenario, start + duration.toNanos(), connections);
    client.context().runOnContext(v -> {
      for (int c = 0; c < connections; c++) {
        state.next();
      }
    });
    try {
      state.done.future().await(duration.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Stragglers are counted as abandoned below.
    }
    Promise<RunResult> p = Promise.promise();
    client.context().runOnContext(v -> {
      state.tally.abandoned(state.active);
      state.stopped = true;
      long elapsed = state.tally.lastEnd(nanoClock.getAsLong()) - start;
      p.complete(state.tally.result(target, scenario.name(), "closed", 0, connections, elapsed));
    });
    return p.future().await();
  }

  /** Per-run state, confined to the client's event loop. */
  private final class State {
    final Scenario scenario;
    final long deadline;
    final Tally tally = new Tally();
    final Promise<Void> done = Promise.promise();
    long seq;
    long active;
    boolean stopped;

    State(Scenario scenario, long deadline, int workers) {
      this.scenario = scenario;
      this.deadline = deadline;
    }

    void next() {
      long now = nanoClock.getAsLong();
      if (stopped || now >= deadline) {
        if (active == 0) {
          done.tryComplete();
        }
        return;
      }
      active++;
      client.send(scenario.request(seq++)).onComplete(ar -> complete(now, ar));
    }

    void complete(long sent, AsyncResult<Integer> ar) {
      active--;
      long end = nanoClock.getAsLong();
      if (ar.succeeded()) {
        tally.response(sent, end, ar.result(), scenario.classify(ar.result()));
      } else {
        tally.failure(end, ar.cause());
      }
      next();
    }
  }
}
