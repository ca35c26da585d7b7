package dev.brisk.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the response bytes an event loop holds for clients that do not read them. A buffered
 * reply is handed to the connection whole; an HTTP/2 stream without flow-control window, or an
 * HTTP/1 connection that pipelines requests and stops reading, leaves it in memory until the
 * client reads, and many such requests filled the heap. Bytes not written at once are counted
 * until they are: a connection holding more than {@link #PER_CONNECTION} that has taken none of
 * them for {@link #STALL} is closed (its client is not reading what it asked for), and while the
 * event loop holds more than {@link #PER_EVENT_LOOP} the stalled connection holding the most is.
 * Closing drops what it held. HTTP/1 connections take the next pipelined request only once the
 * socket takes the answer before, so this is an HTTP/2 matter in practice.
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
   * How long a connection over a limit may go without taking any of its bytes before it is
   * closed: one that reads, however slowly, is paced by flow control and left alone.
   */
  static final Duration STALL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(UnsentOutput.class);
  private static final ThreadLocal<UnsentOutput> LOOP = ThreadLocal.withInitial(
      UnsentOutput::new);

  private final Map<HttpConnection, Held> byConnection = new HashMap<>();
  private long total;

  /** What one connection holds, and when it last took some (or began to hold). */
  private static final class Held {
    long bytes;
    long progressNanos;
    boolean closing;
    boolean recheck;
  }

  private UnsentOutput() {
  }

  /** Ends {@code response} with {@code body}, counting what the connection could not take. */
  static Future<Void> end(HttpServerResponse response, HttpConnection connection, Buffer body) {
    return LOOP.get().count(connection, body.length(), response.end(body));
  }

  /** Writes {@code chunk} to {@code response}, counting what the connection could not take. */
  static Future<Void> write(HttpServerResponse response, HttpConnection connection,
      Buffer chunk) {
    return LOOP.get().count(connection, chunk.length(), response.write(chunk));
  }

  private Future<Void> count(HttpConnection connection, long bytes, Future<Void> written) {
    // Written to the socket at once (the usual case): nothing held.
    if (written.isComplete() || connection == null || bytes == 0) {
      return written;
    }
    long now = System.nanoTime();
    Held held = byConnection.computeIfAbsent(connection, c -> new Held());
    if (held.bytes == 0) {
      held.progressNanos = now;
    }
    held.bytes += bytes;
    total += bytes;
    written.onComplete(ar -> release(connection, bytes));
    check(connection, held, now);
    return written;
  }

  /**
   * Closes {@code connection} when it is over its limit and stalled, or the stalled connection
   * holding the most when the event loop is over its limit; a limit passed by connections still
   * reading is looked at again once they could have stalled.
   */
  private void check(HttpConnection connection, Held held, long now) {
    boolean over = false;
    if (held.bytes > PER_CONNECTION) {
      over = true;
      if (stalled(held, now)) {
        close(connection, held, "connection");
        return;
      }
    }
    if (total > PER_EVENT_LOOP) {
      over = true;
      var most = byConnection.entrySet().stream().filter(e -> stalled(e.getValue(), now))
          .max(Comparator.comparingLong(e -> e.getValue().bytes));
      if (most.isPresent()) {
        close(most.get().getKey(), most.get().getValue(), "event_loop");
        return;
      }
    }
    if (over && !held.recheck && Vertx.currentContext() != null) {
      held.recheck = true;
      Vertx.currentContext().owner().setTimer(STALL.toMillis() + 1, id -> {
        held.recheck = false;
        if (byConnection.get(connection) == held && !held.closing) {
          check(connection, held, System.nanoTime());
        }
      });
    }
  }

  private static boolean stalled(Held held, long now) {
    return !held.closing && now - held.progressNanos > STALL.toNanos();
  }

  private void release(HttpConnection connection, long bytes) {
    total -= bytes;
    Held held = byConnection.get(connection);
    held.bytes -= bytes;
    held.progressNanos = System.nanoTime();
    if (held.bytes == 0) {
      byConnection.remove(connection);
    }
  }

  private static void close(HttpConnection connection, Held held, String scope) {
    held.closing = true;
    Counter.builder("brisk.http.unsent_closes")
        .description("Connections closed for holding response bytes their client did not read")
        .tag("scope", scope).register(Metrics.globalRegistry).increment();
    LOG.info("Closing {}: {} response bytes not read for {} ms (limit per {})",
        connection.remoteAddress(), held.bytes, STALL.toMillis(), scope.replace('_', ' '));
    connection.close();
  }
}
