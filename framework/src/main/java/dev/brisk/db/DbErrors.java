package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Maps driver failures that have a meaning for clients to problems; others pass through. */
final class DbErrors {

  private static final String QUERY_CANCELED = "57014";

  private DbErrors() {
  }

  static <T> Future<T> translate(Throwable failure) {
    if (isCancelled(failure)) {
      String detail = isDeadline()
          ? "Request deadline passed; the running SQL statement was cancelled"
          : "A database statement ran past its statement timeout and was cancelled";
      return Future.failedFuture(Problem.gatewayTimeout(detail));
    }
    if (isPoolOverflow(failure)) {
      return Future.failedFuture(
          Problem.unavailable("Database connection pool is saturated; retry shortly")
              .withRetryAfter(Duration.ofSeconds(1)));
    }
    if (isConnectionFailure(failure)) {
      return Future.failedFuture(unreachable());
    }
    if (isConnectWait(failure)) {
      return Future.failedFuture(Problem.unavailable("No database connection could be had "
          + "within the connect timeout; nothing was changed. Retry shortly")
          .withRetryAfter(Duration.ofSeconds(1)));
    }
    return Future.failedFuture(failure);
  }

  /** 503: the database cannot be reached; nothing was applied. */
  static Problem unreachable() {
    return Problem.unavailable("The database is unreachable; nothing was changed. Retry shortly")
        .withRetryAfter(Duration.ofSeconds(1));
  }

  /**
   * Waiting for a pooled connection timed out ({@code PoolOptions.connectionTimeout}, 30 s, so
   * mostly on long-running routes): vertx-sql-client 5.0.7 fails with a message-only
   * {@code VertxException("Timeout waiting for connection")} or {@code NoStackTraceThrowable(
   * "Timeout")}. The database is slow or frozen, or the pool saturated: a 503, but not proof that
   * it is down, so the breaker does not count it.
   */
  static boolean isConnectWait(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    return message.equals("Timeout") || message.startsWith("Timeout waiting for connection");
  }

  /**
   * The database could not be reached or dropped the connection: refused or timed-out connects,
   * a connection lost mid-call, a pool that timed out waiting for a connection, or a server that
   * is shutting down or starting up (SQLSTATE classes 08 and 57P).
   */
  static boolean isConnectionFailure(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = String.valueOf(pg.getSqlState());
      return state.startsWith("08") || state.startsWith("57P");
    }
    return failure instanceof ConnectException
        || failure instanceof ClosedConnectionException
        || failure instanceof TimeoutException
        || failure.getCause() instanceof ConnectException;
  }

  /** PostgreSQL cancelled the statement: a cancel request or {@code statement_timeout}. */
  static boolean isCancelled(Throwable failure) {
    return failure instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState());
  }

  /** Whether the current request's deadline has passed (so a cancel was ours). */
  static boolean isDeadline() {
    RequestScope scope = RequestScope.current();
    return scope != null && scope.isExpired();
  }

  /**
   * The pool's bounded wait queue overflowed. vertx-sql-client 5.0.7 fails the acquire with
   * {@code io.vertx.core.http.ConnectionPoolTooBusyException: Connection pool reached max wait
   * queue size of N} (from {@code SimpleConnectionPool}); the message check covers wrappers.
   */
  static boolean isPoolOverflow(Throwable failure) {
    return failure instanceof ConnectionPoolTooBusyException
        || String.valueOf(failure.getMessage()).contains("reached max wait queue size");
  }
}
