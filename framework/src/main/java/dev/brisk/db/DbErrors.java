package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Maps driver failures that have a meaning for clients to problems (timeouts 504, a saturated
 * pool 503, refused data 409/422); others pass through.
 */
final class DbErrors {

  private static final String QUERY_CANCELED = "57014";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String EXCLUSION_VIOLATION = "23P01";
  /** vertx-sql-client's message for a statement given to a connection already closed. */
  private static final String NOT_ACTIVE = "Connection is not active now";

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
    Problem rejected = rejectedValue(failure);
    return Future.failedFuture(rejected == null ? failure : rejected);
  }

  /**
   * A statement PostgreSQL refused for the data it was given: SQLSTATE class 22 (data exception:
   * a value out of range, U+0000 in text, bad encoding) is 422; class 23 (integrity constraint)
   * is 409 for a unique or exclusion conflict and 422 otherwise (a missing reference, a null, a
   * failed check). The detail names the condition and SQLSTATE, never the SQL or the values;
   * callers that know which input caused it should check it first and point at it.
   */
  static Problem rejectedValue(Throwable failure) {
    if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
      return null;
    }
    String state = pg.getSqlState();
    if (state.startsWith("22")) {
      return Problem.validation(List.of(Problem.FieldError.of("",
          "A value cannot be stored: " + condition(state) + " (SQLSTATE " + state + ")")));
    }
    if (state.equals(UNIQUE_VIOLATION) || state.equals(EXCLUSION_VIOLATION)) {
      return Problem.conflict("The change conflicts with existing data (SQLSTATE " + state
          + ")");
    }
    if (state.startsWith("23")) {
      return Problem.validation(List.of(Problem.FieldError.of("",
          "The change violates a rule of the data: " + condition(state) + " (SQLSTATE "
              + state + ")")));
    }
    return null;
  }

  private static String condition(String state) {
    return switch (state) {
      case "22001" -> "a text value is too long";
      case "22003" -> "a number is out of range";
      case "22007", "22008" -> "a date or time is invalid";
      case "22021" -> "text contains U+0000 or bytes that are not UTF-8";
      case "22P02" -> "a value has the wrong format";
      case "23502" -> "a required value is missing";
      case "23503" -> "a referenced record does not exist";
      case "23514" -> "a value fails a check";
      default -> "invalid data";
    };
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
   * is shutting down or starting up (SQLSTATE classes 08 and 57P), a socket error such as
   * {@code Connection reset} (a killed server's backends reset their connections), or a
   * statement given to a pooled connection that closed a moment before (vertx-sql-client 5.0.7:
   * a message-only {@code VertxException("Connection is not active now, current status:
   * CLOSED")}).
   */
  static boolean isConnectionFailure(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = String.valueOf(pg.getSqlState());
      return state.startsWith("08") || state.startsWith("57P");
    }
    return failure instanceof ConnectException
        || failure instanceof ClosedConnectionException
        || failure instanceof TimeoutException
        || failure instanceof IOException
        || failure.getCause() instanceof ConnectException
        || String.valueOf(failure.getMessage()).startsWith(NOT_ACTIVE);
  }

  /**
   * A {@code COMMIT} failure that says the transaction was rolled back: a deferred constraint
   * (class 23) or a serialization failure or deadlock (class 40). Any other failure of a
   * {@code COMMIT} leaves its outcome unknown.
   */
  static boolean isRolledBackAtCommit(Throwable failure) {
    if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
      return false;
    }
    return pg.getSqlState().startsWith("23") || pg.getSqlState().startsWith("40");
  }

  /** PostgreSQL cancelled the statement: a cancel request or {@code statement_timeout}. */
  static boolean isCancelled(Throwable failure) {
    return failure instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState());
  }

  /**
   * Whether a statement's {@code failure}, {@code elapsedNanos} after it was sent, shows that a
   * cancel request sent while it ran has landed: {@code query_canceled} sooner than the
   * connection's {@code statement_timeout} ({@link Duration#ZERO}: off). A later one may have
   * been that timeout, with the cancel still on its way to whatever runs next.
   */
  static boolean cancelLanded(Throwable failure, long elapsedNanos, Duration statementTimeout) {
    return isCancelled(failure)
        && (statementTimeout.isZero() || elapsedNanos < statementTimeout.toNanos());
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
