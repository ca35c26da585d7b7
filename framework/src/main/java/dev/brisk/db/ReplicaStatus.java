package dev.brisk.db;

import java.time.Duration;

/**
 * One read replica as the health poller last saw it; {@link Db#replicas()}.
 *
 * @param name {@code host:port/database} (never credentials)
 * @param state {@code in_rotation}, {@code lagging} (behind more than
 *     {@link ReplicaOptions#maxLag()}) or {@code down} (unreachable); only {@code in_rotation}
 *     takes reads
 * @param lag how long the replica has been behind the oldest primary position it has not
 *     replayed, as of the last poll
 */
public record ReplicaStatus(String name, String state, Duration lag) {

  /** Whether plain reads go to this replica. */
  public boolean isInRotation() {
    return "in_rotation".equals(state);
  }
}
