package dev.brisk.db;

import java.util.Locale;

/**
 * When the statements issued on a pipelined connection leave for PostgreSQL
 * ({@code --pg-statement-flush}). vertx-sql-client alone writes each statement on its own; both
 * policies put several in one write. See docs/database.md#one-write-per-event-loop-turn.
 */
public enum StatementFlush {
  /**
   * The default: the statements of one event-loop turn leave together when the turn ends (or the
   * connection's read completes), at most 64 held. Fewest writes and server wake-ups; best while
   * the event loops have their cores.
   */
  PER_TURN("turn"),
  /**
   * Nagle's rule: a statement leaves at once while PostgreSQL has nothing left to answer on the
   * connection, and is held with the turn's others only while it is still answering. For hosts
   * where the event loops are preempted mid-turn (CPU shared with busy neighbours, container CPU
   * quotas), where holding a turn's statements leaves PostgreSQL idle.
   */
  WHEN_IDLE("when-idle");

  private final String setting;

  StatementFlush(String setting) {
    this.setting = setting;
  }

  /** {@code turn} or {@code when-idle}; anything else fails naming the value. */
  public static StatementFlush parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (StatementFlush flush : values()) {
      if (v.equals(flush.setting)) {
        return flush;
      }
    }
    throw new IllegalArgumentException(
        "pg-statement-flush must be turn or when-idle, was '" + value + "'");
  }
}
