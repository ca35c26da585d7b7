package dev.brisk.throttle;

import io.vertx.core.Future;

/**
 * One caller's local allowance on this instance: tokens already charged to the shared Redis
 * budget in one call, spent here without a round trip until they run out or the lease expires
 * (unused tokens then lapse, and are given back with this instance's next call for the caller:
 * the shared budget is never exceeded, only under-used meanwhile). The next
 * lease is sized by the rate the last one was spent at, times the lease time, and capped so all
 * instances' leases together hold at most {@code share} of the burst. A denial is remembered
 * too, for its retry-after but at most the lease time: no token comes back before it, so Redis
 * would deny again, and an over-limit caller costs one round trip per lease time, not one per
 * request. Thread-safe.
 */
final class Lease {

  private final long leaseNanos;
  private long lessees = 1;
  private long left;
  private long size;
  private long used;
  private long grantedAt;
  private long expiresAt;
  private Decision granted;
  private Future<Decision> pending;
  private Decision denied;
  private int deniedCost;
  private long deniedAt;
  private long deniedUntil;

  Lease(long leaseNanos) {
    this.leaseNanos = leaseNanos;
  }

  /**
   * What this lease answers without Redis: {@code cost} spent from the allowance, or the last
   * denial (its waits shortened by the time since) while it holds for a request of at least its
   * cost; null when Redis must be asked.
   */
  synchronized Decision take(int cost, long now) {
    if (granted != null && left >= cost && now - expiresAt < 0) {
      left -= cost;
      used += cost;
      return new Decision(true, granted.binding(), granted.remaining() + left,
          granted.resetMicros(), 0);
    }
    if (denied != null && cost >= deniedCost && now - deniedUntil < 0) {
      long waited = (now - deniedAt) / 1000;
      return new Decision(false, denied.binding(), denied.remaining(),
          Math.max(0, denied.resetMicros() - waited),
          Math.max(0, denied.retryAfterMicros() - waited));
    }
    return null;
  }

  /**
   * The most tokens one lease of this caller may hold: {@code shared} (the share of the burst
   * all instances' leases may hold together) divided by the instances that took tokens within
   * the last second.
   */
  synchronized long cap(double shared) {
    return (long) (shared / lessees);
  }

  /**
   * The tokens to ask for next: the last lease's spending rate times the lease time, at most
   * double the last size plus one cost (so a key turns hot in a few leases, not at once), at
   * most {@code cap}, a multiple of {@code cost} and at least one cost.
   */
  synchronized long nextSize(int cost, long now, long cap) {
    long elapsed = Math.max(1_000_000L, Math.min(now - grantedAt, leaseNanos));
    double rate = (double) used / elapsed;
    long wanted = (long) Math.ceil(rate * leaseNanos);
    wanted = Math.min(Math.min(wanted, 2 * size + cost), cap);
    return Math.max(cost, wanted / cost * cost);
  }

  /**
   * Redis granted {@code tokens} (0 when denied) after charging them, and counts
   * {@code lessees}: the new allowance, added to what an earlier lease still holds (calls of
   * concurrent requests may overlap; their tokens are charged already and must not be dropped),
   * of which the request that asked spends {@code cost}. Returns that request's decision:
   * allowed when the two together cover its cost, even if Redis had nothing left to grant.
   */
  synchronized Decision granted(Decision decision, long tokens, long lessees, int cost,
      long now) {
    boolean overlapping = granted != null && now - expiresAt < 0;
    long held = overlapping ? left : 0;
    if (overlapping && granted.remaining() < decision.remaining()) {
      // Answers of overlapping calls may come in another order than Redis ran them: the lower
      // count has seen the other call's charge; the higher one predates it, and with the tokens
      // held here added it would count them twice (up to the whole quota too high).
      decision = new Decision(decision.allowed(), granted.binding(), granted.remaining(),
          granted.resetMicros(), decision.retryAfterMicros());
    }
    this.lessees = Math.max(1, lessees);
    granted = decision;
    size = tokens;
    grantedAt = now;
    expiresAt = now + leaseNanos;
    left = held + (decision.allowed() ? tokens : 0);
    if (left < cost) {
      used = 0;
      denied = decision;
      deniedCost = cost;
      deniedAt = now;
      deniedUntil = now + Math.min(decision.retryAfterMicros() * 1000, leaseNanos);
      return decision;
    }
    denied = null;
    left -= cost;
    used = cost;
    return new Decision(true, decision.binding(), decision.remaining() + left,
        decision.resetMicros(), 0);
  }

  /**
   * The tokens an expired lease still holds, charged to Redis and never spent, to give back with
   * the next call; they are gone from the lease, so no two calls give them back.
   */
  synchronized long lapsed(long now) {
    if (granted == null || now - expiresAt < 0) {
      return 0;
    }
    long unspent = left;
    left = 0;
    return unspent;
  }

  /** The Redis call in flight for this caller, if any; requests arriving meanwhile wait on it. */
  synchronized Future<Decision> pending() {
    return pending;
  }

  synchronized void pending(Future<Decision> call) {
    pending = call;
  }

  /** The call finished: later requests spend its lease or start a new call. */
  synchronized void done(Future<Decision> call) {
    if (pending == call) {
      pending = null;
    }
  }
}
