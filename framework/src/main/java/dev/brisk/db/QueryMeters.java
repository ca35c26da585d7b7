package dev.brisk.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code brisk.db.query} timers tagged by a short statement name such as {@code select products},
 * derived once per SQL text so dynamic projections do not multiply tag values; also
 * {@code brisk.db.cursor} timers (open to close of a cursor), {@code brisk.db.timeouts} and
 * {@code brisk.db.pool.rejected} counters (registered at 0 up front, so alerts and panels see
 * them before the first timeout).
 */
final class QueryMeters {

  private static final int MAX_CACHED = 4096;

  private final MeterRegistry registry;
  private final Map<String, Outcomes> timers = new ConcurrentHashMap<>();
  private final Counter deadlineTimeouts;
  private final Counter statementTimeouts;
  private final Counter rejected;

  QueryMeters(MeterRegistry registry) {
    this.registry = registry;
    this.deadlineTimeouts = timeouts("deadline");
    this.statementTimeouts = timeouts("statement_timeout");
    this.rejected = Counter.builder("brisk.db.pool.rejected")
        .description("Requests refused with 503: the connection wait queue was full or the "
            + "breaker open")
        .register(registry);
  }

  private Counter timeouts(String cause) {
    return Counter.builder("brisk.db.timeouts")
        .description("SQL statements cancelled by the request deadline or statement_timeout")
        .tag("cause", cause)
        .register(registry);
  }

  Timer timer(String sql, boolean success) {
    return outcomes(sql).timer(success);
  }

  // Keyed by the SQL text itself (whose hash the string keeps): no key is built per statement.
  private Outcomes outcomes(String sql) {
    Outcomes outcomes = timers.get(sql);
    if (outcomes == null) {
      Outcomes created = new Outcomes(statementName(sql));
      outcomes = timers.size() < MAX_CACHED ? timers.computeIfAbsent(sql, k -> created) : created;
    }
    return outcomes;
  }

  /** A statement's timers, registered when first used (a statement that never fails has none). */
  private final class Outcomes {
    private final String name;
    private volatile Timer success;
    private volatile Timer error;

    Outcomes(String name) {
      this.name = name;
    }

    // Registration is idempotent: two threads racing here get the same timer.
    Timer timer(boolean ok) {
      Timer timer = ok ? success : error;
      if (timer == null) {
        timer = register(name, ok);
        if (ok) {
          success = timer;
        } else {
          error = timer;
        }
      }
      return timer;
    }
  }

  private Timer register(String name, boolean success) {
    return Timer.builder("brisk.db.query")
        .description("SQL statements by statement name and outcome")
        .tag("statement", name)
        .tag("outcome", success ? "success" : "error")
        // Up to the deadline (statement_timeout, 5 s by default) and a COMMIT's wait (10 s):
        // ending at 500 ms, every slower statement fell in +Inf and a p99 read 0.5 s at most.
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10))
        .register(registry);
  }

  /** Time from opening a cursor to its end, failure or close, by statement and outcome. */
  Timer cursorTimer(String sql, String outcome) {
    return Timer.builder("brisk.db.cursor")
        .description("Server-side cursors from open to close, by statement name and outcome")
        .tag("statement", outcomes(sql).name)
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Counts a statement cancelled by the request deadline or by {@code statement_timeout}. */
  void timeout(boolean deadline) {
    (deadline ? deadlineTimeouts : statementTimeouts).increment();
  }

  /** Counts a request refused because the pool's wait queue was full or the breaker open. */
  void rejected() {
    rejected.increment();
  }

  /**
   * The verb and the first table it touches: {@code select products}, {@code update stock}. A
   * function or subquery in {@code FROM} is passed over for the first table after it
   * ({@code FROM unnest($1::bigint[]) ... JOIN LATERAL (SELECT ... FROM products} is
   * {@code select products}).
   */
  static String statementName(String sql) {
    String[] words = sql.trim().split("\\s+");
    if (words.length == 0 || words[0].isEmpty()) {
      return "empty";
    }
    String verb = words[0].toLowerCase(Locale.ROOT);
    for (int i = 0; i < words.length - 1; i++) {
      String w = words[i].toLowerCase(Locale.ROOT);
      if (w.equals("from") || w.equals("join") || w.equals("into")
          || (w.equals("update") && i == 0)) {
        String next = words[i + 1];
        if (next.contains("(") || next.equalsIgnoreCase("lateral")) {
          continue;
        }
        String table = next.replaceAll("[^A-Za-z0-9_.]", "");
        if (!table.isEmpty()) {
          return verb + " " + table.toLowerCase(Locale.ROOT);
        }
      }
    }
    return verb;
  }
}
