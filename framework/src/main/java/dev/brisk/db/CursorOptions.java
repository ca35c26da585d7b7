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
 */
public record CursorOptions(int fetchSize, Duration statementTimeout) {

  /** Validates every option; errors name the bad value. */
  public CursorOptions {
    if (fetchSize < 1) {
      throw new IllegalArgumentException("fetchSize must be >= 1, was " + fetchSize);
    }
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (statementTimeout.isNegative()) {
      throw new IllegalArgumentException("statementTimeout must be >= 0, was " + statementTimeout);
    }
  }

  /** 500 rows per fetch, statements of the cursor bounded by one hour. */
  public static CursorOptions defaults() {
    return new CursorOptions(500, Duration.ofHours(1));
  }

  /** Returns a copy with another fetchSize. */
  public CursorOptions withFetchSize(int n) {
    return new CursorOptions(n, statementTimeout);
  }

  /** Returns a copy with another statementTimeout. */
  public CursorOptions withStatementTimeout(Duration d) {
    return new CursorOptions(fetchSize, d);
  }
}
