package dev.brisk.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Open-model load: a constant arrival rate, with coordinated omission corrected. A pacing loop on
 * the calling thread hands every due request, with its intended send time from the
 * {@link ArrivalSchedule}, to the client's event loop; latency is measured from that intended
 * time, so a slow server (or a stalled generator) is charged for the wait of every request that
 * should have been sent meanwhile. Requests beyond {@code maxInFlight} are counted as overflow
 * rather than queued without bound.
 *
 * <p>{@link #run} blocks the calling thread (the harness's main thread, never an event loop).
 */
final class OpenLoadGenerator {

  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final LoadClient client;
  private final LongSupplier nanoClock;
  private final int maxInFlight;
  private final Duration grace;

  OpenLoadGenerator(LoadClient client, LongSupplier nanoClock, int maxInFlight, Duration grace) {
    this.client = client;
    this.nanoClock = nanoClock;
    this.maxInFlight = maxInFlight;
    this.grace = grace;
  }

  /** Runs {@code scenario} at {@code rate} requests/s for {@code duration}; blocks until done. */
  RunResult run(String target, Scenario scenario, long rate, Duration duration) {
    long start = nanoClock.getAsLong() + LEAD_NANOS;
    ArrivalSchedule schedule = new ArrivalSchedule(start, rate, duration);
    State state = new State(scenario, schedule);
    Pacer pacer = new Pacer(schedule, nanoClock);
    while (!pacer.isDone()) {
      Pacer.Due due = pacer.poll();
      if (!due.isEmpty()) {
        client.context().runOnContext(v -> state.fire(due));
      }
      long wait = pacer.nanosUntilNext();
      if (wait > 0) {
        LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
      }
    }
    client.context().runOnContext(v -> state.scheduleDone());
    awaitDrained(state);
    return onContext(() -> {
      state.tally.abandoned(state.inFlight);
      long elapsed = state.tally.lastEnd(nanoClock.getAsLong()) - start;
      return state.tally.result(target, scenario.name(), "open", rate, 0, elapsed);
    });
  }

  private void awaitDrained(State state) {
    try {
      state.drained.future().await(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Counted as abandoned in the result.
    }
  }

  private <T> T onContext(java.util.function.Supplier<T> supplier) {
    Promise<T> p = Promise.promise();
    client.context().runOnContext(v -> p.complete(supplier.get()));
    return p.future().await();
  }

  /** Per-run state, confined to the client's event loop. */
  private final class State {
    final Scenario scenario;
    final ArrivalSchedule schedule;
    final Tally tally = new Tally();
    final Promise<Void> drained = Promise.promise();
    long inFlight;
    boolean allScheduled;

    State(Scenario scenario, ArrivalSchedule schedule) {
      this.scenario = scenario;
      this.schedule = schedule;
    }

    void fire(Pacer.Due due) {
      for (long i = due.from(); i < due.to(); i++) {
        long intended = schedule.intendedNanos(i);
        if (inFlight >= maxInFlight) {
          tally.overflow();
          continue;
        }
        inFlight++;
        tally.sendLag(nanoClock.getAsLong() - intended);
        Future<Integer> f = client.send(scenario.request(i));
        f.onComplete(ar -> complete(intended, ar));
      }
    }

    void complete(long intended, AsyncResult<Integer> ar) {
      inFlight--;
      long end = nanoClock.getAsLong();
      if (ar.succeeded()) {
        tally.response(intended, end, ar.result(), scenario.classify(ar.result()));
      } else {
        tally.failure(end, ar.cause());
      }
      maybeDrained();
    }

    void scheduleDone() {
      allScheduled = true;
      maybeDrained();
    }

    void maybeDrained() {
      if (allScheduled && inFlight == 0) {
        drained.tryComplete();
      }
    }
  }
}
