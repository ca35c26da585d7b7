package dev.brisk.http;

import dev.brisk.internal.RedisBreaker;
import dev.brisk.internal.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each caller's streams across every instance on one Redis: a slot is a lease in the
 * caller's sorted set {@code brisk:streams:{<scope>}:<limiter>}, taken by one atomic script
 * (stream-slots.lua), renewed by its instance every third of {@link #LEASE} while its stream
 * runs, removed when it ends, and lapsing by itself when its instance dies. While Redis is
 * unreachable a breaker counts on this instance alone ({@link LocalCallerSlots}), logged once,
 * and shares again once a probe (a stream start or the next renewal) answers. Thread-safe.
 */
final class RedisCallerSlots implements CallerSlots {

  /** How long a lease lives without renewal. */
  static final Duration LEASE = Duration.ofSeconds(30);
  /**
   * How long taking a slot may wait for Redis before the breaker opens: longer than a rate
   * limit's 100 ms, since a stream start is rare and a timeout counts per instance for a while.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(1);
  /** How long the breaker stays open before one probe. */
  static final Duration RETRY = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(RedisCallerSlots.class);
  private static final RedisScript TAKE =
      RedisScript.load(RedisCallerSlots.class, "stream-slots.lua");
  private static final RedisScript RENEW =
      RedisScript.load(RedisCallerSlots.class, "stream-slots-renew.lua");

  private final Redis redis;
  private final String name;
  private final int max;
  private final long leaseMillis;
  private final LocalCallerSlots local;
  private final RedisBreaker breaker;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong leases = new AtomicLong();
  /** The leases this instance holds in Redis: id to key. */
  private final Map<String, String> held = new ConcurrentHashMap<>();
  /**
   * Leases given back whose removal Redis has not confirmed, by key: the next take of that key
   * removes them first, so a take sent right after a release (the caller's next import) cannot
   * overtake the release on another of the client's connections.
   */
  private final Map<String, Set<String>> releasing = new ConcurrentHashMap<>();

  RedisCallerSlots(Vertx vertx, Redis redis, String name, int max, Duration lease) {
    this.redis = redis;
    this.name = name;
    this.max = max;
    this.leaseMillis = lease.toMillis();
    this.local = new LocalCallerSlots(max);
    this.breaker = new RedisBreaker(name + " per caller", "per-instance counts",
        RETRY.toNanos(), System::nanoTime);
    vertx.setPeriodic(Math.max(1, leaseMillis / 3), id -> renew());
  }

  /** Whether counts are per instance now (Redis unreachable). */
  boolean isFallback() {
    return breaker.isOpen();
  }

  @Override
  public Future<Runnable> take(String scope) {
    boolean probe = breaker.isOpen();
    if (probe && !breaker.tryProbe()) {
      return local.take(scope);
    }
    String key = key(scope);
    String lease = instance + ":" + leases.incrementAndGet();
    List<String> givenBack = List.copyOf(releasing.getOrDefault(key, Set.of()));
    return TAKE.run(redis, r -> {
      r.arg(1).arg(key).arg(max).arg(leaseMillis).arg(lease);
      givenBack.forEach(r::arg);
    })
        .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> {
          if (probe) {
            breaker.onProbe(ar.succeeded());
          } else if (ar.failed()) {
            breaker.onFailure(ar.cause());
          }
          if (ar.failed()) {
            // A take that timed out may still have landed: that lease lapses unrenewed.
            return local.take(scope);
          }
          if (ar.result().toInteger() != 1) {
            return Future.succeededFuture(null);
          }
          held.put(lease, key);
          return Future.succeededFuture(() -> release(key, lease));
        });
  }

  private void release(String key, String lease) {
    held.remove(lease);
    releasing.compute(key, (k, leases) -> {
      Set<String> kept = leases == null ? ConcurrentHashMap.newKeySet() : leases;
      kept.add(lease);
      return kept;
    });
    redis.send(Request.cmd(Command.ZREM).arg(key).arg(lease)).onComplete(ar -> {
      releasing.computeIfPresent(key, (k, leases) -> {
        leases.remove(lease);
        return leases.isEmpty() ? null : leases;
      });
      if (ar.failed()) {
        LOG.debug("Could not give back {} slot {} (it lapses by itself): {}", name, lease,
            ar.cause().toString());
      }
    });
  }

  /**
   * Extends every lease this instance holds, one script call per caller, also while the breaker
   * is open (in the background, so no request waits), and those calls (or a PING when nothing is
   * held) are then its probe. Renewals once waited for a stream start to close the breaker, so
   * after a blip the running streams' leases lapsed and other instances admitted their caller
   * past the cap.
   */
  private void renew() {
    boolean probe = breaker.isOpen() && breaker.tryProbe();
    List<Future<Response>> calls = new ArrayList<>();
    Map<String, List<String>> byKey = new HashMap<>();
    held.forEach((lease, key) -> byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(lease));
    byKey.forEach((key, ids) -> calls.add(RENEW.run(redis, r -> {
      r.arg(1).arg(key).arg(leaseMillis);
      ids.forEach(r::arg);
    }).onFailure(e -> LOG.debug("Could not renew {} {} slots of {}: {}", ids.size(), name, key,
        e.toString()))));
    if (probe) {
      if (calls.isEmpty()) {
        calls.add(redis.send(Request.cmd(Command.PING)));
      }
      Future.all(calls).timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .onComplete(ar -> breaker.onProbe(ar.succeeded()));
    }
  }

  /**
   * The caller's scope is the hash tag (braces in it replaced), so each caller's set is one key
   * wherever Redis Cluster puts it.
   */
  private String key(String scope) {
    return "brisk:streams:{" + scope.replace('{', '(').replace('}', ')') + "}:" + name;
  }
}
