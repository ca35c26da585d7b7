package dev.brisk.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The read replicas, their health and the poller that keeps it: every
 * {@link ReplicaOptions#checkInterval()} one statement on the primary (its WAL insert position)
 * and one on each replica (its replayed position), on a Vert.x timer, never blocking. A replica
 * that fails or lags beyond {@link ReplicaOptions#maxLag()} leaves the rotation and comes back
 * by itself at the first good poll. Meters: {@code brisk.db.replica.lag} and
 * {@code brisk.db.replica.in_rotation} per replica, {@code brisk.db.reads} by target and
 * {@code brisk.db.replica.fallbacks} by reason. Thread-safe.
 */
final class ReplicaSet {

  /** The replayed position in bytes; a server that is no replica answers its own position. */
  static final String REPLAY_SQL = "SELECT (CASE WHEN pg_is_in_recovery() THEN "
      + "coalesce(pg_last_wal_replay_lsn(), '0/0') ELSE pg_current_wal_insert_lsn() END "
      + "- '0/0'::pg_lsn)::bigint";
  /**
   * The primary's WAL insert position in bytes: at or after the end of every commit
   * acknowledged so far, even with {@code synchronous_commit=off}. Used for marks and lag
   * samples.
   */
  static final String PRIMARY_SQL = "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint";

  /** Fallback reason: no replica in rotation. */
  static final String UNAVAILABLE = "unavailable";
  /** Fallback reason: the caller wrote and no replica in rotation has replayed it yet. */
  static final String READ_YOUR_WRITES = "read_your_writes";
  /** Fallback reason: the replica failed the read (connection lost), retried on the primary. */
  static final String ERROR = "error";

  /** A replica's client and health. */
  record Replica(SqlClient client, ReplicaState state) {
  }

  private final Vertx vertx;
  private final SqlClient primary;
  private final List<Replica> replicas = new ArrayList<>();
  private final ReplicaOptions options;
  private final LongSupplier nanoClock;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final Map<String, Counter> fallbacks = new HashMap<>();
  private final Counter primaryReads;
  private final Counter replicaReads;
  private Future<Void> inFlight;
  private long timer = -1;

  ReplicaSet(Vertx vertx, SqlClient primary, List<SqlClient> clients, List<String> urls,
      ReplicaOptions options, MeterRegistry registry, LongSupplier nanoClock) {
    this.vertx = vertx;
    this.primary = primary;
    this.options = options;
    this.nanoClock = nanoClock;
    this.registry = registry;
    for (int i = 0; i < clients.size(); i++) {
      ReplicaState state = new ReplicaState(name(urls.get(i)), options.maxLag());
      replicas.add(new Replica(clients.get(i), state));
      meters.add(Gauge.builder("brisk.db.replica.lag", state, ReplicaState::lagSeconds)
          .description("How long the replica has been behind the primary, as of the last poll")
          .baseUnit("seconds").tag("replica", state.name()).register(registry));
      meters.add(Gauge.builder("brisk.db.replica.in_rotation", state, s -> s.inRotation() ? 1 : 0)
          .description("1 while plain reads go to the replica, 0 while it lags or is down")
          .tag("replica", state.name()).register(registry));
    }
    this.primaryReads = reads("primary");
    this.replicaReads = reads("replica");
    for (String reason : List.of(UNAVAILABLE, READ_YOUR_WRITES, ERROR)) {
      Counter counter = Counter.builder("brisk.db.replica.fallbacks").tag("reason", reason)
          .description("Plain reads sent to the primary although replicas are configured")
          .register(registry);
      fallbacks.put(reason, counter);
      meters.add(counter);
    }
  }

  private Counter reads(String target) {
    Counter counter = Counter.builder("brisk.db.reads").tag("target", target)
        .description("Plain reads routed while replicas are configured").register(registry);
    meters.add(counter);
    return counter;
  }

  /** {@code host:port/database} of a URL, for logs and meter tags (never the password). */
  static String name(String url) {
    PgConnectOptions o = PgConnectOptions.fromUri(url);
    return o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  boolean isEmpty() {
    return replicas.isEmpty();
  }

  /** Polls now and then every check interval; until {@link #close()}. */
  void start() {
    if (replicas.isEmpty()) {
      return;
    }
    check();
    timer = vertx.setPeriodic(options.checkInterval().toMillis(), id -> check());
  }

  /** One poll of the primary and every replica; a poll still running is joined, not doubled. */
  synchronized Future<Void> check() {
    if (inFlight != null) {
      return inFlight;
    }
    Future<Void> poll = position(primary, PRIMARY_SQL).otherwise(-1L)
        .compose(primaryLsn -> Future.join(replicas.stream()
            .map(r -> position(r.client(), REPLAY_SQL).transform(ar -> {
              r.state().observe(nanoClock.getAsLong(), primaryLsn,
                  ar.succeeded() ? ar.result() : -1, ar.cause());
              return Future.<Void>succeededFuture();
            })).toList()))
        .mapEmpty();
    inFlight = poll;
    poll.onComplete(ar -> done());
    return poll;
  }

  private synchronized void done() {
    inFlight = null;
  }

  private static Future<Long> position(SqlClient client, String sql) {
    return client.query(sql).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * A replica in rotation that has replayed {@code minLsn}, round-robin; null when none does.
   */
  Replica pick(long minLsn) {
    int start = next.getAndIncrement();
    for (int i = 0; i < replicas.size(); i++) {
      Replica r = replicas.get(Math.floorMod(start + i, replicas.size()));
      if (r.state().serves(minLsn)) {
        return r;
      }
    }
    return null;
  }

  /** Whether any replica takes reads now. */
  boolean anyInRotation() {
    return replicas.stream().anyMatch(r -> r.state().inRotation());
  }

  /** Counts a plain read by where it went. */
  void countRead(boolean toReplica) {
    (toReplica ? replicaReads : primaryReads).increment();
  }

  /** Counts a plain read that went to the primary because of {@code reason}. */
  void countFallback(String reason) {
    fallbacks.get(reason).increment();
  }

  List<ReplicaStatus> statuses() {
    return replicas.stream().map(r -> r.state().status()).toList();
  }

  /** Stops polling and removes the meters. */
  void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    meters.forEach(registry::remove);
  }
}
