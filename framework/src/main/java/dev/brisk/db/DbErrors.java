package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.time.Duration;

/** Maps driver failures that have a meaning for clients to problems; others pass through. */
final class DbErrors {

  private static final String QUERY_CANCELED = "57014";

  private DbErrors() {
  }

  static <T> Future<T> translate(Throwable failure) {
    if (failure instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState())) {
      RequestScope scope = RequestScope.current();
      String detail = scope != null && scope.isExpired()
          ? "Request deadline passed; the running SQL statement was cancelled"
          : "A database statement ran past its statement timeout and was cancelled";
      return Future.failedFuture(Problem.gatewayTimeout(detail));
    }
    String message = String.valueOf(failure.getMessage());
    if (message.contains("wait queue is full") || message.contains("Max waiter")) {
      return Future.failedFuture(
          Problem.unavailable("Database connection pool is saturated; retry shortly")
              .withRetryAfter(Duration.ofSeconds(1)));
    }
    return Future.failedFuture(failure);
  }
}
