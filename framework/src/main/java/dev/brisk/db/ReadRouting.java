package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Chooses the client for a pipelined statement: plain reads round-robin over the replicas, all
 * else to the primary. A write (or transaction) marks the request so its later reads also go to
 * the primary (read-your-writes within a request). Thread-safe.
 */
final class ReadRouting {

  private static final Object PRIMARY_KEY = new Object();
  private static final int MAX_CACHED = 4096;
  /** Reads that take locks or change state even though they start with SELECT. */
  private static final Pattern NOT_PLAIN = Pattern.compile(
      "\\bfor\\s+(update|share|no\\s+key\\s+update|key\\s+share)\\b|nextval\\s*\\(|setval\\s*\\("
          + "|pg_advisory|\\binto\\b|\\b(insert|update|delete|merge)\\b");

  private final SqlClient primary;
  private final List<SqlClient> replicas;
  private final AtomicInteger next = new AtomicInteger();
  private final Map<String, Boolean> plainReads = new ConcurrentHashMap<>();

  ReadRouting(SqlClient primary, List<SqlClient> replicas) {
    this.primary = primary;
    this.replicas = List.copyOf(replicas);
  }

  /** The client for {@code sql} in the current request. */
  SqlClient clientFor(String sql) {
    if (replicas.isEmpty()) {
      return primary;
    }
    if (!isPlainRead(sql)) {
      stickToPrimary();
      return primary;
    }
    if (isStuckToPrimary()) {
      return primary;
    }
    return replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
  }

  boolean hasReplicas() {
    return !replicas.isEmpty();
  }

  /** Marks the current request so its later reads see its writes (no-op without replicas). */
  void stickToPrimary() {
    RequestScope scope = RequestScope.current();
    if (scope != null && !replicas.isEmpty()) {
      scope.attachment(PRIMARY_KEY, k -> new AtomicBoolean()).set(true);
    }
  }

  private static boolean isStuckToPrimary() {
    RequestScope scope = RequestScope.current();
    return scope != null && scope.attachment(PRIMARY_KEY, k -> new AtomicBoolean()).get();
  }

  boolean isPlainRead(String sql) {
    Boolean cached = plainReads.get(sql);
    if (cached == null) {
      cached = classify(sql);
      if (plainReads.size() < MAX_CACHED) {
        plainReads.put(sql, cached);
      }
    }
    return cached;
  }

  /** A SELECT (or WITH ... SELECT) that takes no row locks and calls no sequence functions. */
  static boolean classify(String sql) {
    String text = sql.trim().toLowerCase(Locale.ROOT);
    boolean read = text.startsWith("select") || text.startsWith("with");
    return read && !NOT_PLAIN.matcher(text).find();
  }
}
