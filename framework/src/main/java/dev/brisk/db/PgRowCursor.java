package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RowCursor} over a vertx-sql-client {@link Cursor} on one pooled connection: BEGIN,
 * {@code SET LOCAL statement_timeout} and {@code idle_in_transaction_session_timeout}, PREPARE,
 * then reads of {@code fetchSize} rows. The next batch is fetched while the current one is
 * emitted (one batch ahead at most), so PostgreSQL and the consumer work in parallel while at
 * most two batches are held. Every path (end, failure,
 * close, deadline) releases the connection once. Runs on the context that opened it.
 */
final class PgRowCursor implements RowCursor {

  private final SqlConnection conn;
  private final Transaction tx;
  private final PreparedStatement ps;
  private final Cursor cursor;
  private final int fetchSize;
  private final Duration statementTimeout;
  private final DefaultDb.CursorHooks hooks;
  private final Promise<Void> released = Promise.promise();
  private Runnable unregisterDeadline = () -> { };
  /** The request whose {@code Server-Timing} counts each read; null outside a request. */
  private RequestScope scope;
  private final ArrayDeque<Iterator<Row>> batches = new ArrayDeque<>(2);
  private Iterator<Row> current;
  private Handler<Row> rowHandler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  private volatile long fetched;
  private boolean started;
  private boolean reading;
  /** The outstanding read's end: whether a cancel sent while it ran has landed. */
  private Promise<Boolean> readEnded;
  /** Closed while a read was outstanding: its result is no longer used. */
  private boolean closing;
  private boolean exhausted;
  private boolean emitting;
  private boolean finished;

  private PgRowCursor(SqlConnection conn, Transaction tx, PreparedStatement ps,
      CursorOptions options, Tuple params, DefaultDb.CursorHooks hooks) {
    this.conn = conn;
    this.tx = tx;
    this.ps = ps;
    this.fetchSize = options.fetchSize();
    this.statementTimeout = options.statementTimeout();
    this.hooks = hooks;
    this.cursor = ps.cursor(copyOf(params));
  }

  /**
   * Opens the transaction and prepares the statement; on failure the connection is released.
   * A connection that arrives after the request is over (deadline passed, response ended) is
   * released at once, without a transaction.
   */
  static Future<RowCursor> open(SqlConnection conn, String sql, Tuple params,
      CursorOptions options, DefaultDb.CursorHooks hooks) {
    RequestScope scope = RequestScope.current();
    if (scope != null && scope.isOver()) {
      return abandon(conn.close(), hooks, Problem.gatewayTimeout(
          "The request ended before a stream connection was free"));
    }
    long start = System.nanoTime();
    String timeout = "SET LOCAL statement_timeout = " + options.statementTimeout().toMillis()
        + "; SET LOCAL idle_in_transaction_session_timeout = "
        + options.idleInTransactionTimeout().toMillis();
    // A deadline that passes while the cursor opens (e.g. blocked on a lock) cancels it.
    AtomicBoolean cancelSent = new AtomicBoolean();
    Runnable unregisterCancel = scope == null ? () -> { }
        : scope.onExpire(() -> cancelSent.set(DefaultDb.cancel(conn)));
    return conn.begin()
        .compose(tx -> conn.query(timeout).execute()
            .compose(r -> conn.prepare(sql))
            // Over between two round trips, when there was nothing running to cancel.
            .compose(ps -> scope != null && scope.isOver()
                ? Future.<RowCursor>failedFuture(Problem.gatewayTimeout("Request deadline passed"))
                : Future.succeededFuture(new PgRowCursor(conn, tx, ps, options, params,
                    hooks).watch(scope))))
        .andThen(ar -> {
          unregisterCancel.run();
          if (scope != null) {
            scope.recordQuery(System.nanoTime() - start);
          }
        })
        // Each step waits for the one before: the step that failed is the last that ran, and
        // only its query_canceled shows that the cancel has landed.
        .recover(e -> cancelSent.get() && !DbErrors.isCancelled(e)
            && conn instanceof PgConnection pg
            ? abandon(hooks.terminate(pg), hooks, e) : abandon(conn.close(), hooks, e));
  }

  /**
   * Fails with e once {@code release} has given back the connection no cursor holds (rolling
   * back what it began, or ending its backend when a cancel request may still land on it).
   */
  private static Future<RowCursor> abandon(Future<Void> release, DefaultDb.CursorHooks hooks,
      Throwable e) {
    return release.transform(x -> {
      hooks.released("error");
      return hooks.translate(e);
    });
  }

  /**
   * Registers what ends the cursor from outside, once it is fully built: the request deadline
   * (RequestPipeline expires a request only before its response starts, so a running stream is
   * never cut by it) and the connection closing under it (the server ended the session), which
   * fails the cursor so the connection is given back at once.
   */
  private RowCursor watch(RequestScope scope) {
    this.scope = scope;
    unregisterDeadline = scope == null ? () -> { } : scope.onExpire(this::close);
    conn.closeHandler(v -> {
      if (!finished) {
        onFailure(ClosedConnectionException.INSTANCE);
      }
    });
    return this;
  }

  /** A mutable copy: the driver may coerce values in place, which fails on immutable tuples. */
  private static Tuple copyOf(Tuple params) {
    Tuple copy = Tuple.tuple();
    for (int i = 0; i < params.size(); i++) {
      copy.addValue(params.getValue(i));
    }
    return copy;
  }

  @Override
  public RowCursor handler(Handler<Row> handler) {
    if (handler == null) {
      close();
      return this;
    }
    rowHandler = handler;
    if (!started) {
      started = true;
      read();
    }
    return this;
  }

  @Override
  public RowCursor pause() {
    demand = 0;
    return this;
  }

  @Override
  public RowCursor resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public RowCursor fetch(long amount) {
    demand = amount >= Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + amount;
    if (started) {
      drain();
    }
    return this;
  }

  @Override
  public RowCursor endHandler(Handler<Void> handler) {
    endHandler = handler;
    return this;
  }

  @Override
  public RowCursor exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    return this;
  }

  @Override
  public long fetched() {
    return fetched;
  }

  private void read() {
    if (reading || exhausted || finished || closing) {
      return;
    }
    reading = true;
    Promise<Boolean> ended = Promise.promise();
    readEnded = ended;
    long start = System.nanoTime();
    cursor.read(fetchSize).onComplete(ar -> {
      reading = false;
      long elapsed = System.nanoTime() - start;
      if (scope != null) {
        scope.recordQuery(elapsed);
      }
      ended.complete(DbErrors.cancelLanded(ar.cause(), elapsed, statementTimeout));
      if (finished || closing) {
        return;
      }
      if (ar.failed()) {
        onFailure(ar.cause());
        return;
      }
      RowSet<Row> rows = ar.result();
      exhausted = !cursor.hasMore();
      fetched += rows.size();
      batches.add(rows.iterator());
      drain();
    });
  }

  /** Emits rows while there is demand; taking a new batch starts fetching the one after it. */
  private void drain() {
    if (emitting || finished || closing) {
      return;
    }
    emitting = true;
    try {
      while (demand > 0 && !finished && !closing) {
        if (current == null || !current.hasNext()) {
          current = batches.poll();
          if (current == null) {
            break;
          }
          read();
          continue;
        }
        Row row = current.next();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        rowHandler.handle(row);
      }
    } finally {
      emitting = false;
    }
    boolean drained = (current == null || !current.hasNext()) && batches.isEmpty();
    if (drained && exhausted && !reading && !finished) {
      onEnd();
    }
  }

  private void onEnd() {
    Handler<Void> end = endHandler;
    Handler<Throwable> failed = exceptionHandler;
    release(true, "success").onComplete(ar -> {
      if (ar.succeeded() && end != null) {
        end.handle(null);
      } else if (ar.failed() && failed != null) {
        failed.handle(ar.cause());
      }
    });
  }

  private void onFailure(Throwable failure) {
    Handler<Throwable> failed = exceptionHandler;
    release(false, "error")
        .transform(x -> hooks.translate(failure))
        .onFailure(e -> {
          if (failed != null) {
            failed.handle(e);
          }
        });
  }

  @Override
  public Future<Void> close() {
    if (finished || closing) {
      return released.future();
    }
    // Only while a read is outstanding may PostgreSQL still be running the query.
    if (!reading || !(conn instanceof PgConnection pg)) {
      return release(false, "closed").otherwiseEmpty();
    }
    closing = true;
    // A cancel request is a packet to the postmaster, which signals the backend later; the read
    // failing with query_canceled before its statement timeout shows it has landed. Any other
    // end of the read (the timeout's own query_canceled too) leaves it on its way, to land on
    // whatever the connection runs next: then the backend is ended instead.
    Future<Boolean> landed = readEnded.future();
    return pg.cancelRequest().otherwiseEmpty().transform(x -> landed)
        .compose(cancelled -> cancelled ? release(false, "closed") : discard(pg))
        .otherwiseEmpty();
  }

  /** Marks the cursor finished and drops what it holds; false when it already was. */
  private boolean finish() {
    if (finished) {
      return false;
    }
    finished = true;
    batches.clear();
    current = null;
    unregisterDeadline.run();
    return true;
  }

  /** Ends the transaction by ending the backend; the connection never returns to use. */
  private Future<Void> discard(PgConnection pg) {
    if (!finish()) {
      return released.future();
    }
    hooks.terminate(pg).onComplete(x -> {
      hooks.released("closed");
      released.complete();
    });
    return released.future();
  }

  /**
   * Ends the transaction (commit only after a clean end) and returns the connection; the first
   * caller does the work, later ones get the same future. Failures of the cleanup never hide the
   * original outcome; a failed commit fails the returned future.
   */
  private Future<Void> release(boolean commit, String outcome) {
    if (!finish()) {
      return released.future();
    }
    Future<Void> end = cursor.close().otherwiseEmpty()
        .transform(x -> ps.close().otherwiseEmpty())
        .transform(x -> commit ? tx.commit() : tx.rollback().otherwiseEmpty());
    end.transform(x -> conn.close().otherwiseEmpty()).onComplete(x -> {
      hooks.released(end.succeeded() ? outcome : "error");
      if (end.succeeded()) {
        released.complete();
      } else {
        released.fail(end.cause());
      }
    });
    return released.future();
  }
}
