package dev.brisk.db;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's health as the poller sees it. Lag is measured against the primary: the age of
 * the oldest primary WAL position the poller saw that the replica has not replayed yet (zero when
 * it has replayed them all), on the injected clock, so an idle primary never looks like lag.
 * {@link #observe} runs on the poller's context only; the rest is read from any thread.
 */
final class ReplicaState {

  /** Whether reads may go to the replica, and if not, why. */
  enum Health { IN_ROTATION, LAGGING, DOWN }

  private static final Logger LOG = LoggerFactory.getLogger(Db.class);
  private static final int MAX_SAMPLES = 64;
  /**
   * An idle primary's insert position can sit just past a page header (up to 40 bytes) that no
   * replay position ever reports; a sample that close counts as replayed. Lag only: read-your-
   * writes marks are compared exactly.
   */
  private static final long HEADER_SLACK = 40;

  private final String name;
  private final long maxLagNanos;
  private final Deque<long[]> unreplayed = new ArrayDeque<>();
  private final AtomicReference<Health> health = new AtomicReference<>(Health.IN_ROTATION);
  private volatile long replayed;
  private volatile long lagNanos;

  ReplicaState(String name, Duration maxLag) {
    this.name = name;
    this.maxLagNanos = maxLag.toNanos();
  }

  /**
   * A poll result: {@code primaryLsn} the primary's position just before (negative: unknown),
   * {@code replayLsn} the replica's replayed position (negative: the replica failed, {@code why}).
   */
  void observe(long nowNanos, long primaryLsn, long replayLsn, Throwable why) {
    if (replayLsn < 0) {
      markDown(why);
      return;
    }
    replayed = replayLsn;
    if (primaryLsn >= 0) {
      if (unreplayed.size() >= MAX_SAMPLES) {
        // Keep the oldest (it defines the lag) and the newest; drop one in between.
        long[] oldest = unreplayed.pollFirst();
        unreplayed.pollFirst();
        unreplayed.addFirst(oldest);
      }
      unreplayed.addLast(new long[] {nowNanos, primaryLsn});
    }
    while (!unreplayed.isEmpty() && unreplayed.peekFirst()[1] <= replayLsn + HEADER_SLACK) {
      unreplayed.pollFirst();
    }
    lagNanos = unreplayed.isEmpty() ? 0 : nowNanos - unreplayed.peekFirst()[0];
    change(lagNanos > maxLagNanos ? Health.LAGGING : Health.IN_ROTATION, null);
  }

  /** Takes the replica out of rotation until the next successful poll; any thread. */
  void markDown(Throwable why) {
    change(Health.DOWN, why);
  }

  private void change(Health next, Throwable why) {
    Health before = health.getAndSet(next);
    if (before == next) {
      return;
    }
    if (next == Health.IN_ROTATION) {
      LOG.info("PostgreSQL replica {} back in rotation (lag {} ms)", name, lagNanos / 1_000_000);
    } else if (next == Health.LAGGING) {
      LOG.warn("PostgreSQL replica {} out of rotation: {} ms behind the primary (max {} ms); "
          + "its reads go to the primary", name, lagNanos / 1_000_000, maxLagNanos / 1_000_000);
    } else {
      LOG.warn("PostgreSQL replica {} out of rotation: unreachable ({}); its reads go to the "
          + "primary", name, why == null ? "?" : why.getMessage());
    }
  }

  /** Whether plain reads may go here. */
  boolean inRotation() {
    return health.get() == Health.IN_ROTATION;
  }

  /** Whether reads may go here and it has replayed {@code lsn}. */
  boolean serves(long lsn) {
    return inRotation() && replayed >= lsn;
  }

  Health health() {
    return health.get();
  }

  /** {@code host:port/database}, never credentials. */
  String name() {
    return name;
  }

  /** Lag in seconds as of the last poll; for the gauge. */
  double lagSeconds() {
    return lagNanos / 1e9;
  }

  /** The status for readiness and {@link Db#replicas()}. */
  ReplicaStatus status() {
    return new ReplicaStatus(name, health.get().name().toLowerCase(Locale.ROOT),
        Duration.ofNanos(lagNanos));
  }
}
