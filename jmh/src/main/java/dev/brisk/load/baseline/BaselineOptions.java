package dev.brisk.load.baseline;

import java.util.Objects;

/**
 * Options of the raw Vert.x baseline server.
 *
 * @param pgUrl PostgreSQL URL, {@code postgresql://user@host:port/db}
 * @param port HTTP port (0 picks a free one)
 * @param poolSize PostgreSQL connections (Brisk's default pool size is 16)
 * @param pipeliningLimit queries in flight per connection (Brisk's default is 8)
 * @param instances HTTP verticle instances (Brisk deploys one per core)
 */
public record BaselineOptions(String pgUrl, int port, int poolSize, int pipeliningLimit,
    int instances) {

  /** Validates; any thread. */
  public BaselineOptions {
    Objects.requireNonNull(pgUrl, "pgUrl");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be >= 1, was " + poolSize);
    }
    if (pipeliningLimit < 1) {
      throw new IllegalArgumentException("pipeliningLimit must be >= 1, was " + pipeliningLimit);
    }
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be >= 1, was " + instances);
    }
  }

  /** Brisk's defaults: pool of 16, Brisk's pipelining limit, one verticle per core; a free port. */
  public static BaselineOptions defaults(String pgUrl) {
    // 8: Brisk's dev.brisk.db.DbOptions.DEFAULT_PIPELINING_LIMIT (the baseline imports no Brisk).
    return new BaselineOptions(pgUrl, 0, 16, 8, Runtime.getRuntime().availableProcessors());
  }

  /** The same options on {@code port}. */
  public BaselineOptions withPort(int p) {
    return new BaselineOptions(pgUrl, p, poolSize, pipeliningLimit, instances);
  }
}
