package dev.brisk.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.brisk.internal.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * {@link LastGood} as Redis strings with a time to live (SET PX), JSON-encoded. Keys come from
 * requests (a product and a zip code), so each instance keeps at most {@link #MAX_BYTES} of them
 * in Redis per name: a value for a key it has not stored within the time to live is not stored
 * past that (a key it has is, since that overwrites). Each Redis call
 * waits at most {@link #REDIS_WAIT}: a frozen or unreachable Redis costs the request that much,
 * never its deadline (the fresh value is then answered unstored, a failure as having no last
 * good value). After a failed call, and for {@link #RETRY} after the last one, requests wait for
 * Redis no more: fresh values are stored in the background and reads are skipped, so an outage
 * does not add the wait to every call.
 */
final class RedisLastGood implements LastGood {

  /** The longest a request waits for Redis to store or read a last good value. */
  static final Duration REDIS_WAIT = Duration.ofMillis(250);
  /** An outage fails every store and read: a line per minute and kind, with a count. */
  private static final ThrottledLog LOG = new ThrottledLog(LoggerFactory.getLogger(LastGood.class),
      Duration.ofMinutes(1), System::nanoTime);

  /** How long after a failed Redis call requests do not wait for Redis. */
  static final Duration RETRY = Duration.ofSeconds(1);
  /** The most bytes of values (with their keys) one instance keeps in Redis per name. */
  static final long MAX_BYTES = 16L << 20;
  /** What Redis spends on a string key and its value besides their bytes, about. */
  private static final int OVERHEAD = 80;

  private final RedisAPI redis;
  /** Until when (nanos) Redis is not waited for; {@code null} while it answers. */
  private volatile Long unreachableUntil;
  private final String prefix;
  private final String ttlMillis;
  private final Counter served;
  private final Counter missing;
  private final Counter unstored;
  private final long maxBytes;
  /** The keys this instance stored whose time to live has not ended, with their bytes. */
  private final Cache<String, Integer> stored;
  private final AtomicLong storedBytes = new AtomicLong();

  RedisLastGood(RedisAPI redis, String name, Duration ttl, MeterRegistry registry) {
    this(redis, name, ttl, registry, MAX_BYTES);
  }

  /** As above, keeping at most {@code maxBytes} in Redis (tests pass small bounds). */
  RedisLastGood(RedisAPI redis, String name, Duration ttl, MeterRegistry registry,
      long maxBytes) {
    this.redis = Objects.requireNonNull(redis, "redis");
    BreakerOptions.positive("ttl", ttl);
    this.prefix = "brisk:last-good:" + Objects.requireNonNull(name, "name") + ":";
    this.ttlMillis = Long.toString(ttl.toMillis());
    this.served = counter(registry, name, "served");
    this.missing = counter(registry, name, "missing");
    this.unstored = Counter.builder("brisk.outbound.last_good.unstored").tag("name", name)
        .description("Fresh values not stored as last good: this instance's bound was reached")
        .register(registry);
    this.maxBytes = maxBytes;
    this.stored = Caffeine.newBuilder().expireAfterWrite(ttl).executor(Runnable::run)
        .<String, Integer>removalListener((key, bytes, cause) -> {
          if (cause != RemovalCause.REPLACED) {
            storedBytes.addAndGet(-bytes);
          }
        }).build();
  }

  @Override
  public Future<Served<JsonObject>> serve(String key, Future<JsonObject> fresh) {
    return fresh.transform(ar -> ar.succeeded() ? store(key, ar.result())
        : stale(key, ar.cause()));
  }

  private Future<Served<JsonObject>> store(String key, JsonObject value) {
    String encoded = value.encode();
    if (!charge(key, encoded)) {
      unstored.increment();
      return Future.succeededFuture(new Served<>(value, false));
    }
    boolean wait = !unreachable();
    Future<Served<JsonObject>> stored = redis.set(List.of(prefix + key, encoded, "PX",
            ttlMillis))
        .timeout(REDIS_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> {
          reached(ar.succeeded());
          if (ar.failed()) {
            LOG.warn(prefix + "store", "Could not store last good values " + prefix
                + "* in Redis: {}", ar.cause());
          }
          return Future.succeededFuture(new Served<>(value, false));
        });
    return wait ? stored : Future.succeededFuture(new Served<>(value, false));
  }

  private Future<Served<JsonObject>> stale(String key, Throwable failure) {
    Throwable answer = failure instanceof OutboundException e ? e.toProblem() : failure;
    if (unreachable()) {
      missing.increment();
      return Future.failedFuture(answer);
    }
    return redis.get(prefix + key).timeout(REDIS_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .andThen(ar -> reached(ar.succeeded()))
        .transform(ar -> {
          Response found = ar.succeeded() ? ar.result() : null;
          if (found == null) {
            if (ar.failed()) {
              LOG.warn(prefix + "read", "Could not read last good values " + prefix
                  + "* from Redis: {}", ar.cause());
            }
            missing.increment();
            return Future.failedFuture(answer);
          }
          served.increment();
          return Future.succeededFuture(new Served<>(new JsonObject(found.toBuffer()), true));
        });
  }

  /**
   * Whether {@code encoded} may be stored under {@code key}: always for a key this instance
   * stored within the time to live (the value is replaced), else only within {@link #maxBytes}.
   */
  private boolean charge(String key, String encoded) {
    int bytes = prefix.length() + key.length() + encoded.length() + OVERHEAD;
    boolean[] kept = {true};
    stored.asMap().compute(key, (k, old) -> {
      if (old == null && storedBytes.get() + bytes > maxBytes) {
        kept[0] = false;
        return null;
      }
      storedBytes.addAndGet(old == null ? bytes : bytes - old);
      return bytes;
    });
    return kept[0];
  }

  private boolean unreachable() {
    Long until = unreachableUntil;
    return until != null && System.nanoTime() - until < 0;
  }

  private void reached(boolean answered) {
    unreachableUntil = answered ? null : System.nanoTime() + RETRY.toNanos();
  }

  private static Counter counter(MeterRegistry registry, String name, String result) {
    return Counter.builder("brisk.outbound.fallbacks").tag("name", name).tag("result", result)
        .description("Last good values served when a call failed, or missing")
        .register(registry);
  }
}
