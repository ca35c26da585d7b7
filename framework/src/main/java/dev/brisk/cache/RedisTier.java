package dev.brisk.cache;

import static dev.brisk.cache.RedisScripts.FLUSH_ALL;
import static dev.brisk.cache.RedisScripts.GET;
import static dev.brisk.cache.RedisScripts.INVALIDATE;
import static dev.brisk.cache.RedisScripts.RELEASE;
import static dev.brisk.cache.RedisScripts.SET;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import dev.brisk.internal.ThrottledLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L2 and the invalidation bus, in Redis. Reads made in one event-loop turn share one round trip
 * (so sub-requests of a batch stay batched downstream). Each invalidation bumps a global
 * sequence and stamps every tag with it ({@code g:<tag>}); an entry records its tags' stamps
 * when stored and is a hit only while they are unchanged, and a store is refused when a tag was
 * stamped after the load began, all inside Lua scripts (one round trip each). Invalidations are
 * published on one channel and acknowledged by every other instance on the publisher's own
 * channel. An instance back from an outage bumps the flush counter, which every entry stored
 * before no longer matches, and tells every instance to drop L1 (tag {@code *}): invalidations
 * it could not send while away are then covered. Thread-safe.
 */
final class RedisTier {

  /**
   * An L2 read: the sequence when it ran (stamp for a later store), the body if any and, on a
   * miss, whether this instance now holds the key's load lease or another one does.
   */
  record Read(long sequence, CachedBody body, Lease lease) {
  }

  /** Who loads a missing key: this instance ({@code OWNED}) or another one ({@code HELD}). */
  enum Lease { NONE, OWNED, HELD }

  private static final Logger LOG = LoggerFactory.getLogger(RedisTier.class);
  /** Consecutive timed-out Redis calls that count as Redis frozen. */
  static final int FROZEN_AFTER_TIMEOUTS = 3;
  /**
   * How often a subscribed instance pings Redis: one that only hits L1 makes no call of its
   * own, and would never notice a frozen Redis (nor the invalidations it loses) otherwise.
   */
  static final long HEARTBEAT_MILLIS = 500;
  private static final String PREFIX = "brisk:cache:";
  private static final String SEQ = PREFIX + "seq";
  private static final String FLUSH = PREFIX + "flush";
  /** The tag that means every entry. */
  static final String ALL = "*";
  private static final String GEN = PREFIX + "g:";
  private static final String CHANNEL = PREFIX + "invalidate";
  /** Where a lease holder names the key it stored (or gave up) for instances waiting on it. */
  private static final String FILLED = PREFIX + "filled";
  private static final long GEN_TTL_MS = 2 * CacheOptions.MAX_LIFETIME.toMillis();


  private final Vertx vertx;
  private final Redis redis;
  private final CacheOptions options;
  private final CacheMeters meters;
  /**
   * Unacknowledged invalidations: an instance that is frozen or cut off stays subscribed until
   * Redis notices, and every write meanwhile times out, so once a minute with a count.
   */
  private final ThrottledLog ackLog;
  private final String instance = UUID.randomUUID().toString();
  private final Map<Long, AckWait> acks = new ConcurrentHashMap<>();
  private final Map<String, Promise<Void>> fills = new ConcurrentHashMap<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicInteger timeoutsInARow = new AtomicInteger();
  /** When the first failed call of the current run of failures began; 0 while calls succeed. */
  private final AtomicLong failingSince = new AtomicLong();
  private final long heartbeat;
  private final ReadBatcher reads = new ReadBatcher(this::getAll);
  private volatile RedisConnection subscriber;
  /** Why this tier closed its own subscription, for the one warning its loss logs. */
  private volatile String dropReason;
  /** Whether the log says the subscription is down (lost, or never made): retries stay quiet. */
  private volatile boolean saidDown;
  private volatile boolean closed;

  RedisTier(Vertx vertx, Redis redis, CacheOptions options, CacheMeters meters) {
    this.vertx = vertx;
    this.redis = redis;
    this.options = options;
    this.meters = meters;
    this.ackLog = new ThrottledLog(LOG, Duration.ofMinutes(1), options.nanoClock());
    this.heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> {
      if (subscriber != null && !closed) {
        timed("ping", redis.send(Request.cmd(Command.PING)));
      }
    });
  }

  /** Reads {@code key}; fails (counted) when Redis errs or is slower than the timeout. */
  Future<Read> get(String key) {
    return reads.read(key);
  }

  /** Reads {@code keys} in one round trip, in order. */
  private Future<List<Read>> getAll(List<String> keys) {
    Request get = Request.cmd(Command.EVAL).arg(GET).arg(keys.size());
    keys.forEach(k -> get.arg(PREFIX + "e:" + k));
    get.arg(SEQ).arg(GEN).arg(FLUSH).arg(instance).arg(leaseMillis());
    return timed("get", redis.send(get)).map(r -> {
      List<Read> out = new ArrayList<>(keys.size());
      r.forEach(one -> out.add(read(one)));
      return out;
    });
  }

  private static Read read(Response r) {
    long seq = Long.parseLong(r.get(0).toString());
    if (r.size() < 4) {
      Lease lease = r.size() < 2 ? Lease.NONE
          : r.get(1).toString().equals("leased") ? Lease.OWNED : Lease.HELD;
      return new Read(seq, null, lease);
    }
    Set<String> tags = new HashSet<>();
    for (String pair : r.get(3).toString().trim().split(" ")) {
      if (!pair.isEmpty()) {
        tags.add(pair.substring(0, pair.lastIndexOf('=')));
      }
    }
    return new Read(seq, new CachedBody(r.get(1).toBuffer(), r.get(2).toString(), tags,
        headers(r.get(4).toString())), Lease.NONE);
  }

  /** Headers stored as {@code name\nvalue\n...}. */
  private static Map<String, String> headers(String text) {
    if (text.isEmpty()) {
      return Map.of();
    }
    String[] parts = text.split("\n", -1);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i + 1 < parts.length; i += 2) {
      headers.put(parts[i], parts[i + 1]);
    }
    return headers;
  }

  private static String headerText(Map<String, String> headers) {
    StringBuilder text = new StringBuilder();
    headers.forEach((name, value) -> text.append(text.length() == 0 ? "" : "\n").append(name)
        .append('\n').append(value));
    return text.toString();
  }

  /**
   * Stores {@code body} unless one of its tags was invalidated after sequence {@code since};
   * either way gives up this instance's lease of {@code key} and wakes instances waiting on it.
   */
  Future<Void> set(String key, CachedBody body, long since, long ttlMillis) {
    Request set = Request.cmd(Command.EVAL).arg(SET).arg(1).arg(PREFIX + "e:" + key)
        .arg(since).arg(GEN).arg(String.join(" ", body.tags())).arg(body.body())
        .arg(body.etag()).arg(ttlMillis).arg(FLUSH).arg(headerText(body.headers()))
        .arg(instance).arg(FILLED).arg(key);
    return timed("set", redis.send(set)).mapEmpty();
  }

  /**
   * About what {@link #set} keeps in Redis for {@code key}: the key, body, ETag, tags with their
   * stamps, headers, and Redis's own overhead of a hash of five fields.
   */
  static long storedBytes(String key, CachedBody body) {
    long bytes = PREFIX.length() + 2 + key.length() + body.body().length() + body.etag().length()
        + 160;
    for (String tag : body.tags()) {
      bytes += tag.length() + 21;
    }
    for (Map.Entry<String, String> h : body.headers().entrySet()) {
      bytes += h.getKey().length() + h.getValue().length() + 2;
    }
    return bytes;
  }

  /** Gives up this instance's lease of {@code key} (its load failed or was not kept). */
  Future<Void> release(String key) {
    Request release = Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(PREFIX + "e:" + key)
        .arg(instance).arg(FILLED).arg(key);
    return timed("release", redis.send(release)).mapEmpty();
  }

  /**
   * Starts listening for the holder of {@code key}'s lease to store it; call before the read
   * that may report the lease held, so the holder's message cannot come first.
   */
  Promise<Void> watch(String key) {
    Promise<Void> filled = Promise.promise();
    fills.put(key, filled);
    return filled;
  }

  /** Stops listening (the read hit, or this instance loads). */
  void unwatch(String key, Promise<Void> filled) {
    fills.remove(key, filled);
  }

  /** Completes when the holder stored or gave up {@code key}, or after {@code max}. */
  Future<Void> awaitFill(String key, Promise<Void> filled, long maxMillis) {
    return filled.future().timeout(maxMillis, TimeUnit.MILLISECONDS)
        .andThen(ar -> fills.remove(key, filled));
  }

  /** Leases outlive the wait of others twice over: a holder that died frees it soon after. */
  private long leaseMillis() {
    return Math.max(2 * options.fillWait().toMillis(), 1000);
  }

  /**
   * Stamps {@code tags}, publishes them and waits until every other subscribed instance has
   * acknowledged (or the ack timeout passed). Fails when Redis does.
   */
  Future<Void> invalidate(Collection<String> tags) {
    long id = published.incrementAndGet();
    AckWait wait = new AckWait();
    acks.put(id, wait);
    Request script = Request.cmd(Command.EVAL).arg(INVALIDATE).arg(0).arg(SEQ).arg(GEN)
        .arg(GEN_TTL_MS).arg(CHANNEL).arg(instance + ":" + id);
    tags.forEach(script::arg);
    boolean self = subscriber != null;
    long timer = vertx.setTimer(options.ackTimeout().toMillis(), t -> {
      String missing = wait.expire();
      if (missing != null) {
        // Counted and logged before the write that waits goes on.
        meters.ackTimeout();
        ackLog.warn("ack-timeout", () -> "Cache invalidation " + tags + " not acknowledged within "
            + options.ackTimeout().toMillis() + " ms: " + missing + "; they may serve the "
            + "old entries until their L1 lifetime ends. A frozen or cut-off instance does this "
            + "to every write until Redis drops its subscription (brisk_cache_ack_timeouts_total "
            + "counts each)");
        wait.promise.complete();
      }
    });
    timed("invalidate", redis.send(script)).onComplete(ar -> {
      if (ar.failed()) {
        wait.fail(ar.cause());
      } else {
        wait.expect(ar.result().toInteger() - (self ? 1 : 0));
      }
    });
    return wait.promise.future().andThen(ar -> {
      acks.remove(id);
      vertx.cancelTimer(timer);
    });
  }

  /** Drops every L2 entry and every instance's L1 (after an outage: invalidations were lost). */
  Future<Void> flushAll() {
    Request script = Request.cmd(Command.EVAL).arg(FLUSH_ALL).arg(0).arg(SEQ).arg(FLUSH)
        .arg(CHANNEL).arg(instance + ":0");
    return timed("flush", redis.send(script)).mapEmpty();
  }

  /**
   * Subscribes to invalidations, calling {@code onInvalidate} with the tags from other
   * instances, {@code onUp} once subscribed and {@code onDown} when the subscription is lost
   * (then it retries every {@code retry} until it is back).
   */
  Future<Void> subscribe(Consumer<List<String>> onInvalidate, Runnable onUp, Runnable onDown) {
    if (closed) {
      return Future.succeededFuture();
    }
    return redis.connect().compose(conn -> {
      conn.handler(message -> onMessage(message, onInvalidate));
      Runnable lost = () -> lost(conn, onInvalidate, onUp, onDown);
      conn.exceptionHandler(e -> lost.run());
      conn.endHandler(v -> lost.run());
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL).arg(ackChannel(instance))
              .arg(FILLED))
          .map(r -> {
            subscriber = conn;
            saidDown = false;
            onUp.run();
            return (Void) null;
          })
          .onFailure(e -> conn.close());
    }).onFailure(e -> {
      meters.redisError("subscribe");
      // A cache that never subscribed (Redis down at startup, a wrong password) said nothing
      // while the startup line said cache=on; its retries, every 200 ms, stay quiet.
      if (!saidDown) {
        saidDown = true;
        LOG.warn("Cache cannot subscribe to Redis ({}); serving from L1 only with short "
            + "lifetimes until it can (retrying every 200 ms; brisk_cache_degraded is 1)",
            e.getMessage());
      }
      retry(onInvalidate, onUp, onDown);
    });
  }

  private void lost(RedisConnection conn, Consumer<List<String>> onInvalidate, Runnable onUp,
      Runnable onDown) {
    if (subscriber != conn) {
      return;
    }
    subscriber = null;
    String why = dropReason;
    dropReason = null;
    saidDown = true;
    LOG.warn("Cache lost its Redis subscription{}; serving from L1 only with short lifetimes",
        why == null ? "" : " (" + why + ")");
    onDown.run();
    retry(onInvalidate, onUp, onDown);
  }

  private void retry(Consumer<List<String>> onInvalidate, Runnable onUp, Runnable onDown) {
    if (!closed) {
      vertx.setTimer(200, t -> subscribe(onInvalidate, onUp, onDown));
    }
  }

  private void onMessage(Response message, Consumer<List<String>> onInvalidate) {
    if (message.size() < 3 || !"message".equals(message.get(0).toString())) {
      return;
    }
    String channel = message.get(1).toString();
    if (channel.equals(FILLED)) {
      Promise<Void> filled = fills.remove(message.get(2).toString());
      if (filled != null) {
        filled.tryComplete();
      }
      return;
    }
    String[] parts = message.get(2).toString().split(" ");
    if (!channel.equals(CHANNEL)) {
      AckWait wait = acks.get(Long.parseLong(parts[0]));
      if (wait != null) {
        wait.ack();
      }
      return;
    }
    String origin = parts[0].substring(0, parts[0].lastIndexOf(':'));
    if (origin.equals(instance)) {
      return;
    }
    onInvalidate.accept(Arrays.asList(parts).subList(2, parts.length));
    String id = parts[0].substring(parts[0].lastIndexOf(':') + 1);
    if (id.equals("0")) {
      return;
    }
    redis.send(Request.cmd(Command.PUBLISH).arg(ackChannel(origin)).arg(id))
        .onFailure(e -> meters.redisError("ack"));
  }

  boolean isSubscribed() {
    return subscriber != null;
  }

  private static String ackChannel(String instance) {
    return PREFIX + "ack:" + instance;
  }

  private <T> Future<T> timed(String operation, Future<T> f) {
    long start = Math.max(1, System.nanoTime());
    return f.timeout(options.redisTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .andThen(ar -> {
          if (ar.succeeded()) {
            timeoutsInARow.set(0);
            failingSince.set(0);
            return;
          }
          failingSince.compareAndSet(0, start);
          meters.redisError(operation);
          if (ar.cause() instanceof TimeoutException
              && timeoutsInARow.incrementAndGet() == FROZEN_AFTER_TIMEOUTS) {
            dropSubscription();
          }
        });
  }

  /**
   * Redis keeps its connections but answers nothing (a stopped process, a hung host): the
   * subscription would never drop by itself, so invalidations would be lost while L1 keeps its
   * normal lifetimes. Closing it degrades the cache as an outage does; it comes back (and
   * flushes) once Redis answers a new subscription.
   */
  private void dropSubscription() {
    RedisConnection conn = subscriber;
    if (conn != null) {
      // Said once, by the loss of the subscription that closing it causes.
      dropReason = "Redis answered none of the last " + FROZEN_AFTER_TIMEOUTS
          + " cache calls within " + options.redisTimeout().toMillis() + " ms: dropped it";
      conn.close();
    }
  }

  /**
   * Completes once every instance that lost Redis with this one must have noticed it (their
   * heartbeats time out {@link #FROZEN_AFTER_TIMEOUTS} times in a row; a closed connection at
   * once) and dropped its L1: at once while Redis answers, or when the current run of failures
   * began long enough ago.
   */
  Future<Void> othersNoticed() {
    long since = failingSince.get();
    long bound = TimeUnit.MILLISECONDS.toNanos(FROZEN_AFTER_TIMEOUTS * HEARTBEAT_MILLIS
        + 2 * options.redisTimeout().toMillis() + 100);
    long remaining = since == 0 ? 0 : bound - (System.nanoTime() - since);
    return remaining <= 0 ? Future.succeededFuture()
        : vertx.timer(TimeUnit.NANOSECONDS.toMillis(remaining) + 1, TimeUnit.MILLISECONDS)
            .mapEmpty();
  }

  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(heartbeat);
    RedisConnection conn = subscriber;
    subscriber = null;
    return conn == null ? Future.succeededFuture() : conn.close();
  }

  /** Acknowledgements of one invalidation: done once {@code expected} (known late) arrived. */
  private static final class AckWait {
    final Promise<Void> promise = Promise.promise();
    private int received;
    private int expected = -1;
    private boolean expired;

    synchronized void ack() {
      received++;
      check();
    }

    synchronized void expect(int count) {
      expected = count;
      check();
    }

    synchronized void fail(Throwable failure) {
      if (!expired) {
        promise.tryFail(failure);
      }
    }

    private void check() {
      if (!expired && expected >= 0 && received >= expected) {
        promise.tryComplete();
      }
    }

    /**
     * Stops the wait at its timeout, the promise left for the caller to complete: who did not
     * acknowledge, for the warning, or null when the wait had ended already.
     */
    synchronized String expire() {
      if (promise.future().isComplete()) {
        return null;
      }
      expired = true;
      return expected < 0 ? "Redis had not published it yet"
          : (expected - received) + " of the " + expected + " other subscribed instances did not";
    }
  }
}
