package dev.brisk.db;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what the Vert.x pools do not expose: connections held, requests waiting for one and
 * pipelined statements in flight. Backs {@link Db#pressure()} and the gauges
 * {@code brisk.db.pool.in_use}, {@code brisk.db.pool.waiting} and
 * {@code brisk.db.pipelined.in_flight}. Thread-safe (atomics; verticles share one Db).
 */
final class PoolTracker {

  private final AtomicInteger inUse = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int poolSize;
  private final int pipelinedCapacity;
  private final int maxWaitQueue;
  private final MeterRegistry registry;
  private final List<Meter> gauges;

  PoolTracker(DbOptions options) {
    this.poolSize = options.poolSize();
    this.pipelinedCapacity = options.poolSize() * options.pipeliningLimit()
        * (1 + options.replicaUrls().size());
    this.maxWaitQueue = options.maxWaitQueue();
    this.registry = options.registry();
    this.gauges = List.of(
        Gauge.builder("brisk.db.pool.in_use", inUse, AtomicInteger::get)
            .description("Pooled connections held by transactions and cursors")
            .strongReference(true).register(registry),
        Gauge.builder("brisk.db.pool.waiting", this, t -> t.waiting())
            .description("Requests waiting for a connection (the throttling signal)")
            .strongReference(true).register(registry),
        Gauge.builder("brisk.db.pipelined.in_flight", inFlight, AtomicInteger::get)
            .description("Statements in flight on the pipelined clients")
            .strongReference(true).register(registry));
  }

  /** A transaction or cursor starts waiting for a connection. */
  void waitStart() {
    waiting.incrementAndGet();
  }

  /** The waiter got its connection. */
  void acquired() {
    waiting.decrementAndGet();
    inUse.incrementAndGet();
  }

  /** The waiter gave up or was refused. */
  void waitFailed() {
    waiting.decrementAndGet();
  }

  /** A connection went back to the pool. */
  void released() {
    inUse.decrementAndGet();
  }

  /** A pipelined statement was issued. */
  void statementStart() {
    inFlight.incrementAndGet();
  }

  /** A pipelined statement completed. */
  void statementEnd() {
    inFlight.decrementAndGet();
  }

  int waiting() {
    return waiting.get() + Math.max(0, inFlight.get() - pipelinedCapacity);
  }

  DbPressure snapshot() {
    return new DbPressure(inUse.get(), waiting(), inFlight.get(), poolSize, maxWaitQueue);
  }

  /** Removes the gauges so a closed Db does not keep reporting. */
  void close() {
    gauges.forEach(registry::remove);
  }
}
