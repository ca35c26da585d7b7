package dev.brisk.db;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options for {@link Db}.
 *
 * <p>{@code DbOptions.fromUrl(url).withPoolSize(32).withReplicaUrls(DbOptions.parseUrls(csv))}
 *
 * @param url primary {@code postgresql://user:pass@host:port/db}: writes, transactions, cursors
 * @param poolSize connections per pool
 * @param streamPoolSize connections of the separate pool that {@link Db#cursor} reads through, so
 *     streams (exports, SSE) never take the connections transactions need; default 64 (one per
 *     stream the default {@code StreamLimits} admit; connections open on demand and close after
 *     a minute unused)
 * @param pipeliningLimit statements in flight per connection on the pipelined client
 * @param maxWaitQueue requests waiting for a connection before new ones fail fast with 503
 * @param statementTimeout server-side {@code statement_timeout}, the backstop for runaway SQL
 * @param replicaUrls read replicas; plain reads go round-robin to them (empty: all to primary)
 * @param registry where query and pool meters go
 * @param connectTimeout how long opening a TCP connection to PostgreSQL may take before the call
 *     fails with 503; also how long the breaker stays open after the database became
 *     unreachable
 * @param replicas replica lag limit, read-your-writes window and health polling
 * @param planCacheMode how PostgreSQL plans the prepared statements ({@link PlanCacheMode})
 * @param statementFlush when pipelined statements leave for PostgreSQL ({@link StatementFlush})
 * @param eventLoops how many of Vert.x's event loops the connections are opened on, in turn: all
 *     of them, so that each loop has its own (a statement on another loop's connection crosses
 *     threads twice); 0 opens each connection on the loop that asked for it (vertx-sql-client's
 *     default), which leaves the connections of startup work on the startup's loop. Brisk sets
 *     its {@code instances}, the event loops it runs; default 0
 */
public record DbOptions(String url, int poolSize, int streamPoolSize, int pipeliningLimit,
    int maxWaitQueue, Duration statementTimeout, List<String> replicaUrls, MeterRegistry registry,
    Duration connectTimeout, ReplicaOptions replicas, PlanCacheMode planCacheMode,
    StatementFlush statementFlush, int eventLoops) {

  /**
   * Statements in flight per pipelined connection by default. Few enough that load spreads over
   * several connections, so PostgreSQL runs it on several backends (cores) and one descheduled
   * backend delays a handful of statements, not all of them: on a 2-core host one event loop with
   * 256 (vertx-sql-client's default) kept every statement on one backend and the by-id p99 at
   * 46-150 ms at half load, against 4-6 ms with 8
   * (docs/database.md#how-many-statements-per-connection).
   */
  public static final int DEFAULT_PIPELINING_LIMIT = 8;

  /** Environment variable with comma-separated replica URLs ({@code --pg-replica-urls}). */
  public static final String REPLICA_URLS_ENV = "BRISK_PG_REPLICA_URLS";

  /** Validates every option; errors name the bad value. */
  public DbOptions {
    Objects.requireNonNull(url, "url");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be >= 1, was " + poolSize);
    }
    if (streamPoolSize < 1) {
      throw new IllegalArgumentException("streamPoolSize must be >= 1, was " + streamPoolSize);
    }
    if (pipeliningLimit < 1) {
      throw new IllegalArgumentException("pipeliningLimit must be >= 1, was " + pipeliningLimit);
    }
    if (maxWaitQueue < 0) {
      throw new IllegalArgumentException("maxWaitQueue must be >= 0, was " + maxWaitQueue);
    }
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (statementTimeout.isNegative()) {
      throw new IllegalArgumentException("statementTimeout must be >= 0, was " + statementTimeout);
    }
    replicaUrls = List.copyOf(Objects.requireNonNull(replicaUrls, "replicaUrls"));
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("connectTimeout must be >= 1 ms, was " + connectTimeout);
    }
    // The client takes it as int milliseconds: beyond, the cast wrapped (1200h connected in 25 s).
    if (connectTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("connectTimeout must be at most " + Integer.MAX_VALUE
          + " ms, was " + connectTimeout);
    }
    Objects.requireNonNull(replicas, "replicas");
    Objects.requireNonNull(planCacheMode, "planCacheMode");
    Objects.requireNonNull(statementFlush, "statementFlush");
    if (eventLoops < 0) {
      throw new IllegalArgumentException("eventLoops must be >= 0, was " + eventLoops);
    }
  }

  /**
   * Defaults for a URL: 16 connections, 64 for streams, pipelining 8, wait queue 1024, 5 s
   * statements, no replicas, the global meter registry, 2 s connect timeout, default
   * {@link ReplicaOptions}, generic plans, the statements of one event-loop turn flushed together.
   */
  public static DbOptions fromUrl(String url) {
    return new DbOptions(url, 16, 64, DEFAULT_PIPELINING_LIMIT, 1024, Duration.ofSeconds(5),
        List.of(), Metrics.globalRegistry, Duration.ofSeconds(2), ReplicaOptions.defaults(),
        PlanCacheMode.GENERIC, StatementFlush.PER_TURN, 0);
  }

  /**
   * Splits a comma-separated URL list such as {@code BRISK_PG_REPLICA_URLS}; {@code null} or blank
   * gives an empty list. Runs on the caller's thread.
   */
  public static List<String> parseUrls(String csv) {
    List<String> urls = new ArrayList<>();
    if (csv != null) {
      for (String part : csv.split(",")) {
        if (!part.isBlank()) {
          urls.add(part.trim());
        }
      }
    }
    return List.copyOf(urls);
  }

  /** Returns a copy whose connections are opened on {@code n} event loops in turn. */
  public DbOptions withEventLoops(int n) {
    return new DbOptions(url, poolSize, streamPoolSize, pipeliningLimit, maxWaitQueue,
        statementTimeout, replicaUrls, registry, connectTimeout, replicas, planCacheMode,
        statementFlush, n);
  }

  /** Returns a copy with another poolSize. */
  public DbOptions withPoolSize(int n) {
    return new DbOptions(url, n, streamPoolSize, pipeliningLimit, maxWaitQueue, statementTimeout,
        replicaUrls, registry, connectTimeout, replicas, planCacheMode, statementFlush, eventLoops);
  }

  /** Returns a copy with another streamPoolSize. */
  public DbOptions withStreamPoolSize(int n) {
    return new DbOptions(url, poolSize, n, pipeliningLimit, maxWaitQueue, statementTimeout,
        replicaUrls, registry, connectTimeout, replicas, planCacheMode, statementFlush, eventLoops);
  }

  /** Returns a copy with another pipeliningLimit. */
  public DbOptions withPipeliningLimit(int n) {
    return new DbOptions(url, poolSize, streamPoolSize, n, maxWaitQueue, statementTimeout,
        replicaUrls, registry, connectTimeout, replicas, planCacheMode, statementFlush, eventLoops);
  }

  /** Returns a copy with another maxWaitQueue. */
  public DbOptions withMaxWaitQueue(int n) {
    return new DbOptions(url, poolSize, streamPoolSize, pipeliningLimit, n, statementTimeout,
        replicaUrls, registry, connectTimeout, replicas, planCacheMode, statementFlush, eventLoops);
  }

  /** Returns a copy with another statementTimeout. */
  public DbOptions withStatementTimeout(Duration d) {
    return new DbOptions(url, poolSize, streamPoolSize, pipeliningLimit, maxWaitQueue, d,
        replicaUrls, registry, connectTimeout, replicas, planCacheMode, statementFlush, eventLoops);
  }

  /** Returns a copy routing plain reads to these replicas ({@link #parseUrls} for a CSV). */
  public DbOptions withReplicaUrls(List<String> urls) {
    return new DbOptions(url, poolSize, streamPoolSize, pipeliningLimit, maxWaitQueue,
        statementTimeout, urls, registry, connectTimeout, replicas, planCacheMode,
        statementFlush, eventLoops);
  }

  /** Returns a copy with another connectTimeout. */
  public DbOptions withConnectTimeout(Duration d) {
    return new DbOptions(url, poolSize, streamPoolSize, pipeliningLimit, maxWaitQueue,
        statementTimeout, replicaUrls, registry, d, replicas, planCacheMode,
        statementFlush, eventLoops);
  }

  /** Returns a copy with another registry. */
  public DbOptions withRegistry(MeterRegistry r) {
    return new DbOptions(url, poolSize, streamPoolSize, pipeliningLimit, maxWaitQueue,
        statementTimeout, replicaUrls, r, connectTimeout, replicas, planCacheMode,
        statementFlush, eventLoops);
  }

  /** Returns a copy with other replica options. */
  public DbOptions withReplicas(ReplicaOptions r) {
    return new DbOptions(url, poolSize, streamPoolSize, pipeliningLimit, maxWaitQueue,
        statementTimeout, replicaUrls, registry, connectTimeout, r, planCacheMode,
        statementFlush, eventLoops);
  }

  /** Returns a copy with another planCacheMode. */
  public DbOptions withPlanCacheMode(PlanCacheMode mode) {
    return new DbOptions(url, poolSize, streamPoolSize, pipeliningLimit, maxWaitQueue,
        statementTimeout, replicaUrls, registry, connectTimeout, replicas, mode,
        statementFlush, eventLoops);
  }

  /** Returns a copy with another statementFlush. */
  public DbOptions withStatementFlush(StatementFlush flush) {
    return new DbOptions(url, poolSize, streamPoolSize, pipeliningLimit, maxWaitQueue,
        statementTimeout, replicaUrls, registry, connectTimeout, replicas, planCacheMode,
        flush, eventLoops);
  }
}
