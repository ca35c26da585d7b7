package dev.brisk.db;

import java.time.Duration;
import java.util.Objects;

/**
 * How plain reads use the replicas of {@link DbOptions#replicaUrls()}. Immutable; validated.
 *
 * <p>{@code ReplicaOptions.defaults().withMaxLag(Duration.ofSeconds(2))}
 *
 * @param maxLag a replica that has not replayed a primary position seen longer ago than this is
 *     taken out of rotation (its reads go to the primary) until it caught up; default 10 s
 * @param readYourWrites after a caller's write, how long that caller's reads (on any instance)
 *     avoid replicas that have not yet replayed it; default 5 s. Zero turns read-your-writes
 *     across requests off (within a request it always holds)
 * @param checkInterval how often each replica's replay position (and the primary's WAL
 *     position) is polled; default 1 s
 */
public record ReplicaOptions(Duration maxLag, Duration readYourWrites, Duration checkInterval) {

  /** Validates; errors name the bad value. */
  public ReplicaOptions {
    Objects.requireNonNull(maxLag, "maxLag");
    Objects.requireNonNull(readYourWrites, "readYourWrites");
    Objects.requireNonNull(checkInterval, "checkInterval");
    if (maxLag.isNegative() || maxLag.isZero()) {
      throw new IllegalArgumentException("maxLag must be positive, was " + maxLag);
    }
    if (readYourWrites.isNegative()) {
      throw new IllegalArgumentException("readYourWrites must be >= 0, was " + readYourWrites);
    }
    if (checkInterval.toMillis() < 1) {
      throw new IllegalArgumentException("checkInterval must be >= 1 ms, was " + checkInterval);
    }
  }

  /** 10 s maximum lag, 5 s read-your-writes window, polled every second. */
  public static ReplicaOptions defaults() {
    return new ReplicaOptions(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1));
  }

  /** Returns a copy with another maxLag. */
  public ReplicaOptions withMaxLag(Duration d) {
    return new ReplicaOptions(d, readYourWrites, checkInterval);
  }

  /** Returns a copy with another readYourWrites window. */
  public ReplicaOptions withReadYourWrites(Duration d) {
    return new ReplicaOptions(maxLag, d, checkInterval);
  }

  /** Returns a copy with another checkInterval. */
  public ReplicaOptions withCheckInterval(Duration d) {
    return new ReplicaOptions(maxLag, readYourWrites, d);
  }
}
