package dev.brisk.throttle;

import com.netflix.concurrency.limits.Limit;
import dev.brisk.internal.TierCeilings;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * An adaptive concurrency limit with tier shares and a short priority queue, for one event loop
 * (not thread-safe; never blocks). The limit comes from a Netflix concurrency-limits
 * {@link Limit} fed with each request's latency; a load signal in [0, 1] (event-loop lag, DB
 * wait queue) scales it down by up to half, never below the configured minimum. Tier {@code r}
 * of {@code 0..maxRank} may fill {@link TierCeilings#share} of it, from {@code lowestShare} for
 * the lowest to 1 for the highest (1 for a single tier), so lower tiers are refused first.
 * Each tier may also hold a reserved share of the limit: lower tiers may not take the part of it
 * the tier wanted recently (its peak demand, in flight plus waiting, over the last one to two
 * seconds) and does not use now; below its reservation a tier is admitted whatever lower tiers
 * hold. Refused requests wait in a queue that serves higher tiers first and evicts the lowest
 * when full; waiting longer than the queue timeout sheds them.
 */
final class TieredLimiter {

  /** What happens to one request. */
  interface Waiter {
    /** Admitted at {@code startNanos}; {@link #release} must follow. */
    void admitted(long startNanos);

    /** Refused: one of {@link #SHED_REASONS}. */
    void shed(String reason);
  }

  /** Shed because the queue is full and holds no lower tier to evict. */
  static final String FULL = "full";
  /** Shed from a full queue to make room for a higher tier. */
  static final String EVICTED = "evicted";
  /** Shed after waiting the queue timeout. */
  static final String TIMEOUT = "timeout";
  /** Every reason a request is shed for. */
  static final List<String> SHED_REASONS = List.of(FULL, EVICTED, TIMEOUT);

  /** Peak demand is remembered for one to two of these (two rotating windows). */
  static final long DEMAND_WINDOW_NANOS = 1_000_000_000L;

  private final Limit limit;
  private final int maxRank;
  private final double[] reserved;
  private final int[] tierInFlight;
  private final int[] demandPrevious;
  private final int[] demandCurrent;
  private long windowStart;
  private final int minLimit;
  private final double lowestShare;
  private final int maxQueue;
  private final long queueTimeoutNanos;
  private final LongSupplier nanoClock;
  private final DoubleSupplier load;
  private final ArrayDeque<Queued>[] queues;
  private int inFlight;
  private int queued;

  /** {@code reserved[r]}: the share of the limit reserved for tier rank {@code r}. */
  @SuppressWarnings("unchecked")
  TieredLimiter(Limit limit, double[] reserved, ConcurrencyOptions options,
      LongSupplier nanoClock, DoubleSupplier load) {
    this.limit = limit;
    this.maxRank = Math.max(0, reserved.length - 1);
    this.reserved = Arrays.copyOf(reserved, maxRank + 1);
    this.tierInFlight = new int[maxRank + 1];
    this.demandPrevious = new int[maxRank + 1];
    this.demandCurrent = new int[maxRank + 1];
    this.minLimit = options.minLimit();
    this.lowestShare = options.lowestTierShare();
    this.maxQueue = options.maxQueue();
    this.queueTimeoutNanos = options.queueTimeout().toNanos();
    this.nanoClock = nanoClock;
    this.load = load;
    this.windowStart = nanoClock.getAsLong();
    this.queues = new ArrayDeque[this.maxRank + 1];
    for (int i = 0; i < queues.length; i++) {
      queues[i] = new ArrayDeque<>();
    }
  }

  /** Admits, queues or sheds a request of tier rank {@code rank}. */
  void acquire(int rank, Waiter waiter) {
    int r = Math.min(rank, maxRank);
    rollDemand();
    demandCurrent[r] = Math.max(demandCurrent[r], tierInFlight[r] + queues[r].size() + 1);
    if (underReserve(r) || admissible(r) && highestQueued() < r) {
      admit(r, waiter);
      return;
    }
    if (queued >= maxQueue) {
      int lowest = lowestQueued();
      if (lowest >= r || lowest < 0) {
        waiter.shed(FULL);
        return;
      }
      queued--;
      queues[lowest].pollLast().waiter.shed(EVICTED);
    }
    queues[r].addLast(new Queued(waiter, nanoClock.getAsLong() + queueTimeoutNanos));
    queued++;
  }

  /**
   * A request of tier {@code rank} admitted at {@code startNanos} finished; {@code dropped} if
   * it failed by load.
   */
  void release(int rank, long startNanos, boolean dropped) {
    long now = nanoClock.getAsLong();
    limit.onSample(startNanos, now - startNanos, inFlight, dropped);
    releaseUnsampled(rank);
  }

  /** A request gives its slot back without a latency sample (long-running streams, abandoned). */
  void releaseUnsampled(int rank) {
    inFlight--;
    tierInFlight[Math.min(rank, maxRank)]--;
    drain();
  }

  /** Sheds queued requests whose wait timed out, then admits what the limit allows. */
  void sweep() {
    long now = nanoClock.getAsLong();
    for (ArrayDeque<Queued> q : queues) {
      while (!q.isEmpty() && now - q.peekFirst().deadline >= 0) {
        queued--;
        q.pollFirst().waiter.shed(TIMEOUT);
      }
    }
    drain();
  }

  /**
   * The limit after load signals: Netflix's limit, scaled down by up to half under load but not
   * below the configured floor (a failover that lags the event loop or queues database waiters
   * must not shed a handful of requests either).
   */
  int effectiveLimit() {
    double l = Math.min(1, Math.max(0, load.getAsDouble()));
    int learned = limit.getLimit();
    // Rounded, not truncated: a few microseconds of lag must not cost a whole slot.
    int scaled = (int) Math.round(learned * (1 - 0.5 * l));
    return Math.max(1, Math.max(Math.min(minLimit, learned), scaled));
  }

  int inFlight() {
    return inFlight;
  }

  int queued() {
    return queued;
  }

  /** In flight of tier {@code rank}. */
  int inFlight(int rank) {
    return tierInFlight[Math.min(rank, maxRank)];
  }

  /** Below its own reservation (and the limit): admitted whatever lower tiers hold. */
  private boolean underReserve(int rank) {
    int limit = effectiveLimit();
    return inFlight < limit && tierInFlight[rank] < reserved[rank] * limit;
  }

  /** Within its tier's ceiling, minus the slots higher tiers reserved, want and do not use. */
  private boolean admissible(int rank) {
    int limit = effectiveLimit();
    double share = TierCeilings.share(rank, maxRank, lowestShare);
    double held = 0;
    for (int t = rank + 1; t <= maxRank; t++) {
      double wanted = Math.max(demandPrevious[t], demandCurrent[t]);
      held += Math.max(0, Math.min(reserved[t] * limit, wanted) - tierInFlight[t]);
    }
    return inFlight < Math.max(1, (int) (limit * share - held));
  }

  private void rollDemand() {
    long now = nanoClock.getAsLong();
    if (now - windowStart >= DEMAND_WINDOW_NANOS) {
      boolean stale = now - windowStart >= 2 * DEMAND_WINDOW_NANOS;
      for (int t = 0; t <= maxRank; t++) {
        demandPrevious[t] = stale ? 0 : demandCurrent[t];
        demandCurrent[t] = tierInFlight[t];
      }
      windowStart = now;
    }
  }

  private void drain() {
    for (int r = maxRank; r >= 0; r--) {
      while (!queues[r].isEmpty() && (underReserve(r) || admissible(r))) {
        queued--;
        admit(r, queues[r].pollFirst().waiter);
      }
      if (!queues[r].isEmpty() && !underReserve(r)) {
        // Strict order: no lower tier borrows while this one waits (its reserve may still be).
        for (int lower = r - 1; lower >= 0; lower--) {
          while (!queues[lower].isEmpty() && underReserve(lower)) {
            queued--;
            admit(lower, queues[lower].pollFirst().waiter);
          }
        }
        return;
      }
    }
  }

  private void admit(int rank, Waiter waiter) {
    inFlight++;
    tierInFlight[rank]++;
    waiter.admitted(nanoClock.getAsLong());
  }

  private int highestQueued() {
    for (int r = maxRank; r >= 0; r--) {
      if (!queues[r].isEmpty()) {
        return r;
      }
    }
    return -1;
  }

  private int lowestQueued() {
    for (int r = 0; r <= maxRank; r++) {
      if (!queues[r].isEmpty()) {
        return r;
      }
    }
    return -1;
  }

  private record Queued(Waiter waiter, long deadline) {
  }
}
