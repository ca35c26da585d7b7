package dev.brisk;

import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Closes connections that send no complete request head in time: from when the connection
 * opened, and again from when its last request in flight ended (HTTP/1: the previous response;
 * HTTP/2: the last open stream, so an h2c connection that opens no stream, or stalls inside its
 * first {@code HEADERS}, is closed like an HTTP/1 one). One {@link #sweep} per
 * event loop checks every connection (as {@code http.Deadlines} does for requests), so no timer
 * is armed per connection. Runs on one event loop; not thread-safe.
 */
final class HeadTimeouts {

  private final long timeoutNanos;
  private final LongSupplier nanoClock;
  private final Counter closed;
  private final Map<Object, Entry> entries = new IdentityHashMap<>();

  HeadTimeouts(long timeoutNanos, LongSupplier nanoClock, Counter closed) {
    this.timeoutNanos = timeoutNanos;
    this.nanoClock = nanoClock;
    this.closed = closed;
  }

  /**
   * A connection opened: it now waits for a request head; {@code close} ends it. A connection
   * already known (its request arrived first) keeps its state.
   */
  void opened(Object connection, Runnable close) {
    entries.putIfAbsent(connection, new Entry(close, nanoClock.getAsLong()));
  }

  /**
   * A complete request head arrived; the connection waits again once {@code done} is true for
   * it and every other request in flight on the connection. {@code sequential}: the connection
   * carries one request at a time (HTTP/1: Vert.x hands over a pipelined request only after the
   * previous response completed), so every earlier one has ended and is dropped unchecked;
   * otherwise (HTTP/2 multiplexes several) each is asked.
   */
  void requestStarted(Object connection, Runnable close, BooleanSupplier done,
      boolean sequential) {
    Entry entry = entries.computeIfAbsent(connection, c -> new Entry(close, -1));
    // Requests that ended are dropped now, not at the next sweep: each one holds its whole
    // request (and routing context) alive, and a second of them at 20,000 req/s outlived young
    // collections and filled the old generation.
    if (sequential) {
      entry.requests.clear();
    } else {
      entry.dropEnded();
    }
    entry.requests.add(done);
    entry.waitingSince = -1;
  }

  /** The connection closed (or is no longer watched, e.g. HTTP/2). */
  void forget(Object connection) {
    entries.remove(connection);
  }

  /** Connections watched now. */
  int size() {
    return entries.size();
  }

  /** Requests still held for {@code connection}. */
  int held(Object connection) {
    Entry entry = entries.get(connection);
    return entry == null ? 0 : entry.requests.size();
  }

  /** Closes every connection that has waited for a request head longer than the timeout. */
  void sweep() {
    long now = nanoClock.getAsLong();
    List<Object> expired = new ArrayList<>();
    for (Map.Entry<Object, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      if (!entry.requests.isEmpty()) {
        entry.dropEnded();
        if (entry.requests.isEmpty()) {
          // The last response ended: from now on the connection waits for the next head.
          entry.waitingSince = now;
        }
      }
      if (entry.waitingSince >= 0 && now - entry.waitingSince >= timeoutNanos) {
        expired.add(e.getKey());
      }
    }
    for (Object connection : expired) {
      closed.increment();
      entries.remove(connection).close.run();
    }
  }

  private static final class Entry {
    private final Runnable close;
    private long waitingSince;
    private final List<BooleanSupplier> requests = new ArrayList<>(1);

    Entry(Runnable close, long waitingSince) {
      this.close = close;
      this.waitingSince = waitingSince;
    }

    void dropEnded() {
      for (int i = requests.size() - 1; i >= 0; i--) {
        if (requests.get(i).getAsBoolean()) {
          requests.remove(i);
        }
      }
    }
  }
}
