package dev.brisk.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.brisk.auth.Caller;
import dev.brisk.internal.RedisBreaker;
import dev.brisk.internal.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-caller GCRA buckets: in Redis through one atomic script ({@code EVALSHA}, falling back to
 * {@code EVAL} on {@code NOSCRIPT}, which caches it again), or on this instance. A breaker moves
 * every decision to the local buckets while Redis is unreachable and back when it answers. A hot
 * caller spends a {@link Lease} (a local allowance charged to Redis in one call) instead of one
 * round trip per request.
 * Thread-safe; Redis callbacks run on the caller's context.
 */
final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final RedisScript GCRA = RedisScript.load(RateLimiter.class, "gcra.lua");
  /** How long {@link #prepare} may hold the start. */
  private static final Duration PREPARE_TIMEOUT = Duration.ofSeconds(2);

  private final Redis redis;
  private final boolean shared;
  private final long timeoutMillis;
  private final LongSupplier nanoClock;
  private final RedisBreaker breaker;
  private final ThrottleMeters meters;
  private final Cache<BucketKey, long[]> local;
  private final Cache<BucketKey, Lease> leases;
  private final long leaseNanos;
  private final double leaseShare;
  private final String instance = UUID.randomUUID().toString();

  RateLimiter(Redis redis, RateLimitOptions options, LongSupplier nanoClock,
      ThrottleMeters meters) {
    this.redis = redis;
    this.shared = options.shared() && redis != null;
    this.timeoutMillis = Math.max(1, options.redisTimeout().toMillis());
    this.nanoClock = nanoClock;
    this.breaker = new RedisBreaker("rate limits", "per-instance buckets",
        options.redisRetry().toNanos(), nanoClock);
    this.meters = meters;
    // Read on every limited request: maintenance runs inline instead of as a ForkJoin task
    // after each burst of reads (3.4% of the event loops' CPU with one hot caller).
    this.local = Caffeine.newBuilder().maximumSize(options.maxLocalKeys())
        .expireAfterAccess(Duration.ofHours(1)).executor(Runnable::run).build();
    this.leaseNanos = options.leaseTime().toNanos();
    this.leaseShare = options.leaseShare();
    this.leases = Caffeine.newBuilder().maximumSize(options.maxLocalKeys())
        .expireAfterAccess(Duration.ofMinutes(1)).executor(Runnable::run).build();
    meters.fallbackGauge(() -> shared && breaker.isOpen() ? 1 : 0);
    if (shared && leaseNanos > 0) {
      LOG.info("Rate limits shared through Redis with local allowances: leases live {} ms and "
          + "hold at most {}% of a burst across instances", options.leaseTime().toMillis(),
          Math.round(leaseShare * 100));
    }
  }

  /**
   * With shared buckets, connects to Redis and loads the script before the first decision: a
   * cold instance's first call (a new connection, then NOSCRIPT and EVAL, through code the JIT
   * has not compiled) could outlast the Redis timeout and open the breaker with no outage
   * behind it. Never fails, and gives up after {@link #PREPARE_TIMEOUT}: an unreachable Redis
   * is met by the first request, as later.
   */
  Future<Void> prepare() {
    if (!shared) {
      return Future.succeededFuture();
    }
    return GCRA.preload(redis).timeout(PREPARE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .otherwise(e -> {
          LOG.debug("Could not load the rate-limit script into Redis at startup: {}",
              e.toString());
          return null;
        });
  }

  /** Whether decisions are currently shared through Redis. */
  boolean isShared() {
    return shared && !breaker.isOpen();
  }

  /** Whether buckets are configured to live in Redis (even while it is unreachable). */
  boolean isConfiguredShared() {
    return shared;
  }

  /** Charges {@code cost} to the caller's buckets; never fails (local buckets as fallback). */
  Future<Decision> acquire(Caller caller, List<Bandwidth> bandwidths, int cost) {
    BucketKey key = BucketKey.of(caller);
    if (!shared) {
      return Future.succeededFuture(decideLocally(key, bandwidths, cost));
    }
    if (breaker.isOpen()) {
      if (breaker.tryProbe()) {
        probe();
      }
      return Future.succeededFuture(decideLocally(key, bandwidths, cost));
    }
    double shareable = leaseNanos == 0 ? 0 : leaseShare * minBurst(bandwidths);
    Lease lease = leases.get(key, k -> new Lease(leaseNanos));
    if (shareable < 2 * cost) {
      // No room for a lease worth having: one exact Redis decision per request, but a denial
      // still answers from the lease while it holds.
      Decision denied = lease.take(cost, nanoClock.getAsLong());
      return denied != null ? Future.succeededFuture(denied)
          : shared(caller, key, bandwidths, cost, cost, 0, lease);
    }
    return leased(caller, key, lease, bandwidths, cost, shareable, true);
  }

  /** Spends from this instance's lease, waits for a lease on its way, or asks for a new one. */
  private Future<Decision> leased(Caller caller, BucketKey key, Lease lease,
      List<Bandwidth> bandwidths, int cost, double shareable, boolean mayWait) {
    long now = nanoClock.getAsLong();
    Decision spent = lease.take(cost, now);
    if (spent != null) {
      return Future.succeededFuture(spent);
    }
    Future<Decision> pending = lease.pending();
    if (pending != null && mayWait) {
      return pending.compose(d -> d.allowed()
          ? leased(caller, key, lease, bandwidths, cost, shareable, false)
          : Future.succeededFuture(d));
    }
    if (breaker.isOpen()) {
      return Future.succeededFuture(decideLocally(key, bandwidths, cost));
    }
    long wanted = lease.nextSize(cost, now, lease.cap(shareable));
    // Tokens a lapsed lease did not spend go back: lost, a caller whose requests come in bursts
    // a little further apart than the lease time got 258 of a burst of 403 (the limits audit).
    long refund = lease.lapsed(now);
    Future<Decision> call = shared(caller, key, bandwidths, cost, wanted, refund, lease);
    lease.pending(call);
    call.onComplete(ar -> lease.done(call));
    return call;
  }

  /**
   * One Redis decision granting up to {@code wanted} tokens into {@code lease}, after giving
   * back {@code refund} tokens of its lapsed predecessor.
   */
  private Future<Decision> shared(Caller caller, BucketKey key, List<Bandwidth> bandwidths,
      int cost, long wanted, long refund, Lease lease) {
    meters.redisCall(wanted);
    return evaluate(redisKeys(caller, bandwidths), bandwidths, cost, wanted, refund)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(r -> lease.granted(decision(r), r.get(5).toLong(), r.get(6).toLong(), cost,
            nanoClock.getAsLong()))
        .otherwise(e -> {
          meters.redisError();
          breaker.onFailure(e);
          return decideLocally(key, bandwidths, cost);
        });
  }

  private static long minBurst(List<Bandwidth> bandwidths) {
    long min = Long.MAX_VALUE;
    for (Bandwidth b : bandwidths) {
      min = Math.min(min, b.burst());
    }
    return min;
  }

  private Decision decideLocally(BucketKey key, List<Bandwidth> bandwidths, int cost) {
    long now = nanoClock.getAsLong() / 1000;
    long[] tats = local.get(key, k -> new long[bandwidths.size()]);
    synchronized (tats) {
      return Gcra.decide(tats, bandwidths, cost, now);
    }
  }

  private Future<Void> probe() {
    return redis.send(Request.cmd(Command.PING)).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .andThen(ar -> breaker.onProbe(ar.succeeded())).mapEmpty();
  }

  /**
   * Whether decisions are shared through Redis, for readiness: while the breaker is open and a
   * probe is due, after that probe, so an instance that limits no request (idle, or serving only
   * unlimited callers) still notices that Redis is back.
   */
  Future<Boolean> checkShared() {
    if (shared && breaker.tryProbe()) {
      return probe().transform(ar -> Future.succeededFuture(isShared()));
    }
    return Future.succeededFuture(isShared());
  }

  private Future<Response> evaluate(List<String> keys, List<Bandwidth> bandwidths, int cost,
      long wanted, long refund) {
    return GCRA.run(redis, request -> {
      request.arg(keys.size());
      keys.forEach(request::arg);
      request.arg(cost).arg(wanted).arg(instance).arg(refund);
      for (Bandwidth b : bandwidths) {
        request.arg(b.intervalMicros()).arg(b.burst());
      }
    });
  }

  /**
   * {@code brisk:rl:{<scope>}:<tier>:<interval>x<burst>}, then the caller's lessees
   * {@code brisk:rl:{<scope>}:<tier>:lessees}: the caller's scope is the hash tag, so all of one
   * caller's keys live in one Redis Cluster slot and the script may touch them together; a
   * changed bandwidth starts a fresh bucket instead of misreading an old one.
   */
  static List<String> redisKeys(Caller caller, List<Bandwidth> bandwidths) {
    String tag = caller.scope().replace('{', '(').replace('}', ')');
    String prefix = "brisk:rl:{" + tag + "}:" + caller.tier().name() + ":";
    String[] keys = new String[bandwidths.size() + 1];
    for (int i = 0; i < bandwidths.size(); i++) {
      keys[i] = prefix + bandwidths.get(i).intervalMicros() + "x" + bandwidths.get(i).burst();
    }
    keys[bandwidths.size()] = prefix + "lessees";
    return List.of(keys);
  }

  private static Decision decision(Response r) {
    return new Decision(r.get(0).toLong() == 1, r.get(1).toInteger(), r.get(2).toLong(),
        r.get(3).toLong(), r.get(4).toLong());
  }

  /**
   * Whose buckets: the key's id, or the network of an anonymous caller (its IPv4 address, an
   * IPv6 /64), and the tier. Built from fields the caller already holds (an IPv4 address is its
   * own network), so a lookup concatenates and hashes no new string.
   */
  private record BucketKey(String keyId, String clientIp, String tier) {
    static BucketKey of(Caller caller) {
      return caller.keyId() != null ? new BucketKey(caller.keyId(), null, caller.tier().name())
          : new BucketKey(null, caller.clientNetwork(), caller.tier().name());
    }
  }
}
