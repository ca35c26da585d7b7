package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Chooses where a pipelined statement runs: plain reads go round-robin to the replicas in
 * rotation, all else to the primary. A write (or transaction) marks the request so its later
 * reads also go to the primary (read-your-writes within a request), and records a
 * {@link WriteMarks mark} for the caller, so the caller's reads in later requests, on any
 * instance, skip replicas that have not replayed the write yet (for a bounded window).
 * Thread-safe.
 */
final class ReadRouting {

  private static final Object PRIMARY_KEY = new Object();
  private static final Object MARK_KEY = new Object();
  private static final int MAX_CACHED = 4096;
  /** Reads that take locks or change state even though they start with SELECT. */
  private static final Pattern NOT_PLAIN = Pattern.compile(
      "\\bfor\\s+(update|share|no\\s+key\\s+update|key\\s+share)\\b|nextval\\s*\\(|setval\\s*\\("
          + "|pg_advisory|\\binto\\b|\\b(insert|update|delete|merge)\\b");

  private final ReplicaSet replicas;
  private final WriteMarks marks;
  private final Map<String, Boolean> plainReads = new ConcurrentHashMap<>();

  ReadRouting(ReplicaSet replicas, WriteMarks marks) {
    this.replicas = replicas;
    this.marks = marks;
  }

  boolean hasReplicas() {
    return !replicas.isEmpty();
  }

  /**
   * The replica for a plain read in the current request, or null for the primary (after a
   * write in this request, while no replica is in rotation, or while none has replayed the
   * caller's last write). Completes at once unless the caller's mark must be looked up, once
   * per request. Counts the read and any fallback.
   */
  Future<ReplicaSet.Replica> replicaForRead() {
    if (isStuckToPrimary()) {
      return primaryBecause(ReplicaSet.READ_YOUR_WRITES);
    }
    if (!replicas.anyInRotation()) {
      return primaryBecause(ReplicaSet.UNAVAILABLE);
    }
    return requiredLsn().map(lsn -> {
      ReplicaSet.Replica replica = replicas.pick(lsn);
      if (replica == null) {
        replicas.countFallback(lsn > 0 ? ReplicaSet.READ_YOUR_WRITES : ReplicaSet.UNAVAILABLE);
      }
      replicas.countRead(replica != null);
      return replica;
    });
  }

  private Future<ReplicaSet.Replica> primaryBecause(String reason) {
    replicas.countFallback(reason);
    replicas.countRead(false);
    return Future.succeededFuture();
  }

  /** The caller's write mark, looked up once per request (0: none, or no caller). */
  private Future<Long> requiredLsn() {
    RequestScope scope = RequestScope.current();
    String caller = scope == null ? null : scope.caller();
    if (caller == null || !marks.isEnabled()) {
      return Future.succeededFuture(0L);
    }
    return scope.attachment(MARK_KEY, k -> marks.lookup(caller));
  }

  /**
   * After a write succeeded: records the caller's mark at the primary's WAL position (read on
   * {@code primary}; unknown if that fails, which avoids every replica for the window). Never
   * fails; no-op without replicas or without a caller.
   */
  Future<Void> recordWrite(SqlClient primary) {
    RequestScope scope = RequestScope.current();
    String caller = scope == null ? null : scope.caller();
    if (caller == null || !marks.isEnabled() || replicas.isEmpty()) {
      return Future.succeededFuture();
    }
    return primary.query(ReplicaSet.PRIMARY_SQL).execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .otherwise(WriteMarks.UNKNOWN)
        .compose(lsn -> marks.record(caller, lsn));
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
