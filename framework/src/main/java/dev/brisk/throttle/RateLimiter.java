package dev.brisk.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.brisk.auth.Caller;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Per-caller GCRA buckets: in Redis through one atomic script ({@code EVALSHA}, falling back to
 * {@code EVAL} on {@code NOSCRIPT}, which caches it again), or on this instance. A breaker moves
 * every decision to the local buckets while Redis is unreachable and back when it answers.
 * Thread-safe; Redis callbacks run on the caller's context.
 */
final class RateLimiter {

  private static final String SCRIPT = load("gcra.lua");
  private static final String SHA = sha1(SCRIPT);

  private final Redis redis;
  private final boolean shared;
  private final long timeoutMillis;
  private final LongSupplier nanoClock;
  private final RedisBreaker breaker;
  private final ThrottleMeters meters;
  private final Cache<String, long[]> local;

  RateLimiter(Redis redis, RateLimitOptions options, LongSupplier nanoClock,
      ThrottleMeters meters) {
    this.redis = redis;
    this.shared = options.shared() && redis != null;
    this.timeoutMillis = Math.max(1, options.redisTimeout().toMillis());
    this.nanoClock = nanoClock;
    this.breaker = new RedisBreaker(options.redisRetry().toNanos(), nanoClock);
    this.meters = meters;
    this.local = Caffeine.newBuilder().maximumSize(options.maxLocalKeys())
        .expireAfterAccess(Duration.ofHours(1)).build();
    meters.fallbackGauge(() -> shared && breaker.isOpen() ? 1 : 0);
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
    String key = caller.scope() + "|" + caller.tier().name();
    if (!shared) {
      return Future.succeededFuture(decideLocally(key, bandwidths, cost));
    }
    if (breaker.isOpen()) {
      if (breaker.tryProbe()) {
        probe();
      }
      return Future.succeededFuture(decideLocally(key, bandwidths, cost));
    }
    return evaluate(redisKeys(caller, bandwidths), bandwidths, cost)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(RateLimiter::decision)
        .otherwise(e -> {
          meters.redisError();
          breaker.onFailure(e);
          return decideLocally(key, bandwidths, cost);
        });
  }

  private Decision decideLocally(String key, List<Bandwidth> bandwidths, int cost) {
    long now = nanoClock.getAsLong() / 1000;
    long[] tats = local.get(key, k -> new long[bandwidths.size()]);
    synchronized (tats) {
      return Gcra.decide(tats, bandwidths, cost, now);
    }
  }

  private void probe() {
    redis.send(Request.cmd(Command.PING)).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .onComplete(ar -> breaker.onProbe(ar.succeeded()));
  }

  private Future<Response> evaluate(List<String> keys, List<Bandwidth> bandwidths, int cost) {
    return redis.send(script(Request.cmd(Command.EVALSHA).arg(SHA), keys, bandwidths, cost))
        .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
            ? redis.send(script(Request.cmd(Command.EVAL).arg(SCRIPT), keys, bandwidths, cost))
            : Future.failedFuture(e));
  }

  private static Request script(Request request, List<String> keys, List<Bandwidth> bandwidths,
      int cost) {
    request.arg(keys.size());
    keys.forEach(request::arg);
    request.arg(cost);
    for (Bandwidth b : bandwidths) {
      request.arg(b.intervalMicros()).arg(b.burst());
    }
    return request;
  }

  /**
   * {@code brisk:rl:{<scope>}:<tier>:<interval>x<burst>}: the caller's scope is the hash tag, so
   * all of one caller's bandwidths live in one Redis Cluster slot and the script may touch them
   * together; a changed bandwidth starts a fresh bucket instead of misreading an old one.
   */
  static List<String> redisKeys(Caller caller, List<Bandwidth> bandwidths) {
    String tag = caller.scope().replace('{', '(').replace('}', ')');
    String prefix = "brisk:rl:{" + tag + "}:" + caller.tier().name() + ":";
    String[] keys = new String[bandwidths.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = prefix + bandwidths.get(i).intervalMicros() + "x" + bandwidths.get(i).burst();
    }
    return List.of(keys);
  }

  private static Decision decision(Response r) {
    return new Decision(r.get(0).toLong() == 1, r.get(1).toInteger(), r.get(2).toLong(),
        r.get(3).toLong(), r.get(4).toLong());
  }

  private static String load(String name) {
    try (InputStream in = RateLimiter.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
