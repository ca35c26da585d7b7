package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.function.Function;

/**
 * One transaction on an acquired connection, with the write/deadline rule: the request deadline
 * may cancel the work only before {@code COMMIT} is sent (the running statement is cancelled and
 * the transaction rolled back, so a 504 never hides a committed write). Once {@code COMMIT} is on
 * the wire the scope is told ({@link RequestScope#commitStarted()}), the deadline waits for the
 * outcome, and a commit whose outcome cannot be known (connection lost) fails with
 * {@link Problem#outcomeUnknown()}, as does any {@code COMMIT} failure that does not say the
 * transaction was rolled back (a cancel or statement timeout can land after the commit record
 * is durable). A connection that arrives after the deadline is returned unused. Runs on the
 * request's context; the connection is always closed.
 */
final class TransactionRun {

  private TransactionRun() {
  }

  static <T> Future<T> run(SqlConnection conn, RequestScope scope,
      Function<SqlConnection, Sql> sqlOf, Function<Sql, Future<T>> work) {
    if (scope != null && scope.isExpired()) {
      // The connection came after the 504: begin nothing on it.
      return conn.close().transform(x -> Future.failedFuture(Problem.gatewayTimeout(
          "Request deadline passed before a connection was free; nothing was changed")));
    }
    Runnable unregister = scope == null ? () -> { }
        : scope.onExpire(() -> DefaultDb.cancel(conn));
    return conn.begin()
        .compose(tx -> work.apply(sqlOf.apply(conn))
            .transform(ar -> ar.succeeded() ? commit(tx, scope, ar.result())
                : tx.rollback().transform(x -> Future.<T>failedFuture(ar.cause()))))
        .andThen(ar -> {
          unregister.run();
          conn.close();
        });
  }

  private static <T> Future<T> commit(Transaction tx, RequestScope scope, T result) {
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
