package dev.brisk.db;

/**
 * A snapshot of how loaded the database pools are: the signal an admission controller or
 * throttle reads before the wait queue overflows (which fails requests with 503).
 *
 * <p>{@code if (db.pressure().waiting() > 100) shed(request);}
 *
 * @param inUse pooled connections held by transactions and cursors
 * @param waiting requests queued for a connection: transactions and cursors waiting for the pool,
 *     plus pipelined statements beyond what the connections can carry
 *     ({@code poolSize * pipeliningLimit})
 * @param pipelinedInFlight statements running or queued on the pipelined (and replica) clients
 * @param poolSize connections per pool
 * @param maxWaitQueue waiters allowed before new requests fail fast
 */
public record DbPressure(int inUse, int waiting, int pipelinedInFlight, int poolSize,
    int maxWaitQueue) {

  /** Whether the next request that has to wait could be rejected. */
  public boolean isSaturated() {
    return waiting >= maxWaitQueue;
  }
}
