package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One transaction on an acquired connection, with the write/deadline rule: the request deadline
 * may cancel the work only before {@code COMMIT} is sent (the running statement is cancelled and
 * the transaction rolled back, so a 504 never hides a committed write). Once {@code COMMIT} is on
 * the wire the scope is told ({@link RequestScope#commitStarted()}), the deadline waits for the
 * outcome, and a commit whose outcome cannot be known (connection lost) fails with
 * {@link Problem#outcomeUnknown()}, as does any {@code COMMIT} failure that does not say the
 * transaction was rolled back (a cancel or statement timeout can land after the commit record
 * is durable). Once {@code COMMIT} has an outcome the scope is told the request wrote
 * ({@link RequestScope#wrote()}), before the result is handed on. A connection that arrives after
 * the deadline is returned unused. Runs on the request's context; the connection is always
 * closed.
 *
 * <p>A cancel is never left to land on the next user of the connection. The deadline's cancel
 * is a request to the postmaster, which signals the backend later: if the statement ends on its
 * own first, the cancel hits whatever the connection runs next (the {@code ROLLBACK}, or the
 * next user's statement: a 504 for an innocent request). So once a cancel was sent, the
 * connection goes back to the pool only if one of its statements then failed with
 * {@code query_canceled} (57014) sooner than the pool's {@code statement_timeout} after it was
 * sent (a later one may have been that timeout, with the cancel still on its way): the cancel was
 * consumed. Otherwise its backend is ended from another connection and the pool drops it
 * ({@link DefaultDb#terminate}). The deadline stops cancelling once the work has ended: a
 * {@code ROLLBACK} is short, and a {@code COMMIT} is never cancelled.
 */
final class TransactionRun {

  private final SqlConnection conn;
  private final RequestScope scope;
  private final Duration statementTimeout;
  private final Function<PgConnection, Future<Void>> terminate;
  /** The deadline sent a cancel request on the connection. */
  private boolean cancelSent;
  /** A statement ended with that cancel's query_canceled: nothing is left on its way. */
  private boolean cancelLanded;
  /** A statement other than a plain read ran: the commit changes data. */
  private boolean modifies;

  private TransactionRun(SqlConnection conn, RequestScope scope, Duration statementTimeout,
      Function<PgConnection, Future<Void>> terminate) {
    this.conn = conn;
    this.scope = scope;
    this.statementTimeout = statementTimeout;
    this.terminate = terminate;
  }

  /**
   * Runs {@code work} on {@code conn} in a transaction. {@code statementTimeout} is the
   * connection's {@code statement_timeout}; {@code terminate} ends a backend a cancel request may
   * still be on its way to and gives its connection back; {@code sqlOf} runs the work's
   * statements through {@link #watch}.
   */
  static <T> Future<T> run(SqlConnection conn, RequestScope scope, Duration statementTimeout,
      Function<PgConnection, Future<Void>> terminate,
      BiFunction<SqlConnection, TransactionRun, Sql> sqlOf, Function<Sql, Future<T>> work) {
    if (scope != null && scope.isExpired()) {
      // The connection came after the 504: begin nothing on it.
      return conn.close().transform(x -> Future.failedFuture(Problem.gatewayTimeout(
          "Request deadline passed before a connection was free; nothing was changed")));
    }
    return new TransactionRun(conn, scope, statementTimeout, terminate).run(sqlOf, work);
  }

  private <T> Future<T> run(BiFunction<SqlConnection, TransactionRun, Sql> sqlOf,
      Function<Sql, Future<T>> work) {
    Runnable unregister = scope == null ? () -> { } : scope.onExpire(this::cancel);
    return watch(conn::begin)
        .compose(tx -> work.apply(sqlOf.apply(conn, this))
            // Nothing left to cancel: a ROLLBACK is short and a COMMIT is never cancelled.
            .andThen(ar -> unregister.run())
            .transform(ar -> ar.succeeded() ? commit(tx, ar.result())
                : tx.rollback().transform(x -> Future.<T>failedFuture(ar.cause()))))
        .andThen(ar -> {
          unregister.run();
          release();
        });
  }

  private void cancel() {
    cancelSent |= DefaultDb.cancel(conn);
  }

  /**
   * Runs one statement of the transaction (started by {@code statement}, timed from before it
   * is sent) and notes whether it ended with the deadline's cancel.
   */
  <R> Future<R> watch(Supplier<Future<R>> statement) {
    long start = System.nanoTime();
    return statement.get().andThen(ar -> {
      if (cancelSent && ar.failed()
          && DbErrors.cancelLanded(ar.cause(), System.nanoTime() - start, statementTimeout)) {
        cancelLanded = true;
      }
    });
  }

  /** Notes that the transaction ran a statement that may change data. */
  void modifies() {
    modifies = true;
  }

  /** Gives the connection back, unless a cancel request may still land on it. */
  private void release() {
    if (cancelSent && !cancelLanded && conn instanceof PgConnection pg) {
      terminate.apply(pg);
    } else {
      conn.close();
    }
  }

  private <T> Future<T> commit(Transaction tx, T result) {
    if (scope != null && scope.isExpired()) {
      // The client was told 504 (not done): the work must not commit after that answer.
      return tx.rollback().transform(x -> Future.failedFuture(Problem.gatewayTimeout(
          "Request deadline passed before the write was committed; nothing was changed")));
    }
    if (scope != null) {
      scope.commitStarted();
    }
    return tx.commit().transform(ar -> {
      if (scope != null) {
        scope.commitDone();
        if (modifies && (ar.succeeded() || !DbErrors.isRolledBackAtCommit(ar.cause()))) {
          scope.changed();
        }
        // Before the result is handed on: what the request remembered of rows is forgotten.
        scope.wrote();
      }
      if (ar.succeeded()) {
        return Future.succeededFuture(result);
      }
      return DbErrors.isRolledBackAtCommit(ar.cause())
          ? Future.failedFuture(ar.cause())
          : Future.failedFuture(Problem.outcomeUnknown());
    });
  }
}
