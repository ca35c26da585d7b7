package dev.brisk.db;

import java.time.Duration;
import java.util.Objects;

/**
 * Options for {@link Db#cursor}.
 *
 * <p>{@code db.cursor(sql, params, CursorOptions.defaults().withFetchSize(1000))}
 *
 * @param fetchSize rows read from PostgreSQL per round trip; the cursor reads one batch ahead,
 *     so at most twice this many rows are held in memory
 * @param statementTimeout {@code SET LOCAL statement_timeout} for the cursor's transaction, so a
 *     long export is not killed by the pool's request-sized timeout; {@link Duration#ZERO}
 *     disables it
 * @param idleInTransactionTimeout {@code SET LOCAL idle_in_transaction_session_timeout}: when
 *     the consumer reads no rows for this long (a stalled client), PostgreSQL ends the session
 *     and frees its snapshot, a backstop behind the stream's own stall timeout; default 2 min,
 *     {@link Duration#ZERO} disables it
 */
public record CursorOptions(int fetchSize, Duration statementTimeout,
    Duration idleInTransactionTimeout) {

  /** Validates every option; errors name the bad value. */
  public CursorOptions {
    if (fetchSize < 1) {
      throw new IllegalArgumentException("fetchSize must be >= 1, was " + fetchSize);
    }
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (statementTimeout.isNegative()) {
      throw new IllegalArgumentException("statementTimeout must be >= 0, was " + statementTimeout);
    }
    Objects.requireNonNull(idleInTransactionTimeout, "idleInTransactionTimeout");
    if (idleInTransactionTimeout.isNegative()) {
      throw new IllegalArgumentException("idleInTransactionTimeout must be >= 0, was "
          + idleInTransactionTimeout);
    }
  }

  /** 500 rows per fetch, statements bounded by one hour, idle in transaction by two minutes. */
  public static CursorOptions defaults() {
    return new CursorOptions(500, Duration.ofHours(1), Duration.ofMinutes(2));
  }

  /** Returns a copy with another fetchSize. */
  public CursorOptions withFetchSize(int n) {
    return new CursorOptions(n, statementTimeout, idleInTransactionTimeout);
  }

  /** Returns a copy with another statementTimeout. */
  public CursorOptions withStatementTimeout(Duration d) {
    return new CursorOptions(fetchSize, d, idleInTransactionTimeout);
  }

  /** Returns a copy with another idleInTransactionTimeout. */
  public CursorOptions withIdleInTransactionTimeout(Duration d) {
    return new CursorOptions(fetchSize, statementTimeout, d);
  }
}
