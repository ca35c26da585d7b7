package dev.brisk.throttle;

import com.netflix.concurrency.limits.Limit;
import java.util.ArrayDeque;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * An adaptive concurrency limit with tier shares and a short priority queue, for one event loop
 * (not thread-safe; never blocks). The limit comes from a Netflix concurrency-limits
 * {@link Limit} fed with each request's latency; a load signal in [0, 1] (event-loop lag, DB
 * wait queue) scales it down by up to half. Tier {@code r} of {@code 0..maxRank} may fill
 * {@code share(r)} of it, from {@code lowestShare} for the lowest to 1 for the highest, so lower
 * tiers are refused first. Refused requests wait in a queue that serves higher tiers first and
 * evicts the lowest when full; waiting longer than the queue timeout sheds them.
 */
final class TieredLimiter {

  /** What happens to one request. */
  interface Waiter {
    /** Admitted at {@code startNanos}; {@link #release} must follow. */
    void admitted(long startNanos);

    /** Refused: {@code full}, {@code evicted} or {@code timeout}. */
    void shed(String reason);
  }

  private final Limit limit;
  private final int maxRank;
  private final double lowestShare;
  private final int maxQueue;
  private final long queueTimeoutNanos;
  private final LongSupplier nanoClock;
  private final DoubleSupplier load;
  private final ArrayDeque<Queued>[] queues;
  private int inFlight;
  private int queued;

  @SuppressWarnings("unchecked")
  TieredLimiter(Limit limit, int maxRank, ConcurrencyOptions options, LongSupplier nanoClock,
      DoubleSupplier load) {
    this.limit = limit;
    this.maxRank = Math.max(1, maxRank);
    this.lowestShare = options.lowestTierShare();
    this.maxQueue = options.maxQueue();
    this.queueTimeoutNanos = options.queueTimeout().toNanos();
    this.nanoClock = nanoClock;
    this.load = load;
    this.queues = new ArrayDeque[this.maxRank + 1];
    for (int i = 0; i < queues.length; i++) {
      queues[i] = new ArrayDeque<>();
    }
  }

  /** Admits, queues or sheds a request of tier rank {@code rank}. */
  void acquire(int rank, Waiter waiter) {
    int r = Math.min(rank, maxRank);
    if (admissible(r) && highestQueued() < r) {
      admit(waiter);
      return;
    }
    if (queued >= maxQueue) {
      int lowest = lowestQueued();
      if (lowest >= r || lowest < 0) {
        waiter.shed("full");
        return;
      }
      queued--;
      queues[lowest].pollLast().waiter.shed("evicted");
    }
    queues[r].addLast(new Queued(waiter, nanoClock.getAsLong() + queueTimeoutNanos));
    queued++;
  }

  /** A request admitted at {@code startNanos} finished; {@code dropped} if it failed by load. */
  void release(long startNanos, boolean dropped) {
    long now = nanoClock.getAsLong();
    limit.onSample(startNanos, now - startNanos, inFlight, dropped);
    inFlight--;
    drain();
  }

  /** A request gives its slot back without a latency sample (long-running streams). */
  void releaseUnsampled() {
    inFlight--;
    drain();
  }

  /** Sheds queued requests whose wait timed out, then admits what the limit allows. */
  void sweep() {
    long now = nanoClock.getAsLong();
    for (ArrayDeque<Queued> q : queues) {
      while (!q.isEmpty() && now - q.peekFirst().deadline >= 0) {
        queued--;
        q.pollFirst().waiter.shed("timeout");
      }
    }
    drain();
  }

  /** The limit after load signals: Netflix's limit, scaled down by up to half under load. */
  int effectiveLimit() {
    double l = Math.min(1, Math.max(0, load.getAsDouble()));
    return Math.max(1, (int) (limit.getLimit() * (1 - 0.5 * l)));
  }

  int inFlight() {
    return inFlight;
  }

  int queued() {
    return queued;
  }

  private boolean admissible(int rank) {
    double share = lowestShare + (1 - lowestShare) * rank / maxRank;
    return inFlight < Math.max(1, (int) (effectiveLimit() * share));
  }

  private void drain() {
    int r = highestQueued();
    while (r >= 0 && admissible(r)) {
      queued--;
      admit(queues[r].pollFirst().waiter);
      r = highestQueued();
    }
  }

  private void admit(Waiter waiter) {
    inFlight++;
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
