package dev.brisk.db;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Objects;

/**
 * Options for {@link Db}.
 *
 * @param url {@code postgresql://user:pass@host:port/db}
 * @param poolSize connections per pool
 * @param pipeliningLimit statements in flight per connection on the pipelined client
 * @param maxWaitQueue requests waiting for a connection before new ones fail fast with 503
 * @param statementTimeout server-side {@code statement_timeout}, the backstop for runaway SQL
 * @param registry where query and pool meters go
 */
public record DbOptions(String url, int poolSize, int pipeliningLimit, int maxWaitQueue,
    Duration statementTimeout, MeterRegistry registry) {

  public DbOptions {
    Objects.requireNonNull(url, "url");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be >= 1, was " + poolSize);
    }
    if (pipeliningLimit < 1) {
      throw new IllegalArgumentException("pipeliningLimit must be >= 1, was " + pipeliningLimit);
    }
    if (maxWaitQueue < 0) {
      throw new IllegalArgumentException("maxWaitQueue must be >= 0, was " + maxWaitQueue);
    }
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(registry, "registry");
  }

  /** Defaults for a URL: 16 connections, pipelining 256, wait queue 1024, 5 s statements. */
  public static DbOptions fromUrl(String url) {
    return new DbOptions(url, 16, 256, 1024, Duration.ofSeconds(5), Metrics.globalRegistry);
  }

  public DbOptions withPoolSize(int n) {
    return new DbOptions(url, n, pipeliningLimit, maxWaitQueue, statementTimeout, registry);
  }

  public DbOptions withPipeliningLimit(int n) {
    return new DbOptions(url, poolSize, n, maxWaitQueue, statementTimeout, registry);
  }

  public DbOptions withMaxWaitQueue(int n) {
    return new DbOptions(url, poolSize, pipeliningLimit, n, statementTimeout, registry);
  }

  public DbOptions withStatementTimeout(Duration d) {
    return new DbOptions(url, poolSize, pipeliningLimit, maxWaitQueue, d, registry);
  }

  public DbOptions withRegistry(MeterRegistry r) {
    return new DbOptions(url, poolSize, pipeliningLimit, maxWaitQueue, statementTimeout, r);
  }
}
