package dev.brisk.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the response bytes an event loop holds for clients that do not read them. A buffered
 * reply is handed to the connection whole; an HTTP/2 stream without flow-control window leaves
 * it in memory until the client reads, and many such requests filled the heap. Bytes not written
 * at once are counted until they are, with the time the connection last took some (a queued
 * write completing; large replies are written in {@link #SLICE} slices so that this happens
 * while a client reads them): a connection holding more than {@link #PER_CONNECTION} that took none for
 * {@link #STALL} is closed (its client is not reading what it asked for), and while the event
 * loop holds more than {@link #PER_EVENT_LOOP}, connections that took none for
 * {@link #PRESSURE_STALL} are closed, the largest first, until it holds less. Closing drops what
 * a connection held. Writes under {@link #COUNTED} bytes are left out (a stalled stream of one
 * holds little, and they are most requests). HTTP/1 takes the next pipelined request only once
 * the socket took the answer before, so this is an HTTP/2 matter in practice.
 *
 * <p>Counts in {@code brisk.http.unsent_closes} (tag {@code scope}). One per event-loop thread;
 * used on it only.
 */
final class UnsentOutput {

  /** Unsent bytes one connection may hold while it reads nothing. */
  static final long PER_CONNECTION = 16L << 20;
  /** Unsent bytes the connections of one event loop may hold together. */
  static final long PER_EVENT_LOOP = 64L << 20;
  /**
   * How long a connection over its limit may go without taking any of its bytes before it is
   * closed: one that reads, however slowly, is paced by flow control and left alone.
   */
  static final Duration STALL = Duration.ofSeconds(2);
  /** The same while the event loop is over its limit: memory is at stake. */
  static final Duration PRESSURE_STALL = Duration.ofMillis(200);
  /** Writes smaller than this are not counted. */
  static final int COUNTED = 8 << 10;
  /** Larger replies are written in slices of this size, each counted on its own. */
  static final int SLICE = 64 << 10;

  private static final Logger LOG = LoggerFactory.getLogger(UnsentOutput.class);
  private static final ThreadLocal<UnsentOutput> LOOP = ThreadLocal.withInitial(
      UnsentOutput::new);

  private final Map<HttpConnection, Held> byConnection = new HashMap<>();
  /** Bytes held, closing connections' included until they are released. */
  private long total;
  /** Bytes held by connections being closed. */
  private long closing;
  private boolean recheck;

  /** What one connection holds, and when it last took some (or began to hold). */
  private static final class Held {
    long bytes;
    long progressNanos;
    boolean closing;
  }

  private UnsentOutput() {
  }

  /** Ends {@code response} with {@code body}, counting what the connection could not take. */
  static Future<Void> end(HttpServerResponse response, HttpConnection connection, Buffer body) {
    int length = body.length();
    if (length < COUNTED) {
      return response.end(body);
    }
    UnsentOutput loop = LOOP.get();
    if (length > SLICE) {
      // In slices, so that a client reading a large reply slowly is seen taking it slice by
      // slice, not only once the whole reply is through.
      if (!response.isChunked() && !response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(length));
      }
      int from = 0;
      for (; length - from > SLICE; from += SLICE) {
        loop.count(connection, SLICE, response.write(body.slice(from, from + SLICE)));
      }
      return loop.count(connection, length - from, response.end(body.slice(from, length)));
    }
    return loop.count(connection, length, response.end(body));
  }

  /** Writes {@code chunk} to {@code response}, counting what the connection could not take. */
  static Future<Void> write(HttpServerResponse response, HttpConnection connection,
      Buffer chunk) {
    Future<Void> written = response.write(chunk);
    return chunk.length() < COUNTED ? written
        : LOOP.get().count(connection, chunk.length(), written);
  }

  /**
   * Counts {@code bytes} until {@code written} completes. Only writes of {@link #COUNTED} bytes
   * or more come here: small ones are most requests, and nearly every write completes a moment
   * after it is made, when the event loop flushes.
   */
  private Future<Void> count(HttpConnection connection, long bytes, Future<Void> written) {
    if (connection == null || written.isComplete()) {
      return written;
    }
    long now = System.nanoTime();
    Held held = byConnection.computeIfAbsent(connection, c -> new Held());
    if (held.bytes == 0) {
      held.progressNanos = now;
    }
    held.bytes += bytes;
    total += bytes;
    if (held.closing) {
      closing += bytes;
    }
    written.onComplete(ar -> release(connection, held, bytes));
    if (held.bytes > PER_CONNECTION || total - closing > PER_EVENT_LOOP) {
      check(now);
    }
    return written;
  }

  /**
   * Closes the stalled connections over the limits; while some are over without having stalled
   * yet, looks again once they could have.
   */
  private void check(long now) {
    boolean pending = false;
    boolean pressure = total - closing > PER_EVENT_LOOP;
    // Closed after the walk: a close may release what the connection held at once.
    List<Map.Entry<HttpConnection, Held>> over = new ArrayList<>();
    List<Map.Entry<HttpConnection, Held>> open = new ArrayList<>();
    for (Map.Entry<HttpConnection, Held> e : byConnection.entrySet()) {
      Held held = e.getValue();
      if (held.closing) {
        continue;
      }
      if (held.bytes > PER_CONNECTION && idle(held, now, STALL)) {
        over.add(e);
      } else if (pressure && idle(held, now, PRESSURE_STALL)) {
        open.add(e);
      } else {
        pending |= held.bytes > PER_CONNECTION || pressure;
      }
    }
    over.forEach(e -> close(e.getKey(), e.getValue(), "connection"));
    open.sort(Comparator.comparingLong((Map.Entry<HttpConnection, Held> e) -> e.getValue().bytes)
        .reversed());
    for (Map.Entry<HttpConnection, Held> e : open) {
      if (total - closing <= PER_EVENT_LOOP) {
        break;
      }
      close(e.getKey(), e.getValue(), "event_loop");
    }
    pending |= total - closing > PER_EVENT_LOOP;
    if (pending && !recheck && Vertx.currentContext() != null) {
      recheck = true;
      Duration after = total - closing > PER_EVENT_LOOP ? PRESSURE_STALL : STALL;
      Vertx.currentContext().owner().setTimer(after.toMillis() + 1, id -> {
        recheck = false;
        check(System.nanoTime());
      });
    }
  }

  private static boolean idle(Held held, long now, Duration stall) {
    return now - held.progressNanos > stall.toNanos();
  }

  private void release(HttpConnection connection, Held held, long bytes) {
    total -= bytes;
    held.bytes -= bytes;
    held.progressNanos = System.nanoTime();
    if (held.closing) {
      closing -= bytes;
    }
    if (held.bytes == 0) {
      byConnection.remove(connection, held);
    }
  }

  private void close(HttpConnection connection, Held held, String scope) {
    held.closing = true;
    closing += held.bytes;
    Counter.builder("brisk.http.unsent_closes")
        .description("Connections closed for holding response bytes their client did not read")
        .tag("scope", scope).register(Metrics.globalRegistry).increment();
    LOG.info("Closing {}: {} response bytes it did not read (limit per {})",
        connection.remoteAddress(), held.bytes, scope.replace('_', ' '));
    connection.close();
  }
}
