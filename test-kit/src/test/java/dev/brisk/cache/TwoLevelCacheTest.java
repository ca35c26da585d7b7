package dev.brisk.cache;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.devservices.DevServices;
import dev.brisk.test.LogCapture;
import dev.brisk.test.RedisProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** L1 + L2 against the dev services' real Redis: single flight, invalidation, outage. */
class TwoLevelCacheTest {

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong clock = new AtomicLong();
  private final List<Cache> caches = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** Each test's keys and tags are its own: other tests share this Redis. */
  private final String resource = "r" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void close() {
    caches.forEach(c -> await(c.close()));
    await(vertx.close());
  }

  private Cache cache(String redisUrl) {
    return cache(redisUrl, Duration.ofSeconds(30), new SimpleMeterRegistry());
  }

  private Cache cache(String redisUrl, Duration fillWait, SimpleMeterRegistry meters) {
    return cache(Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)),
        fillWait, meters);
  }

  private Cache cache(Redis redis, Duration fillWait, SimpleMeterRegistry meters) {
    return started(Cache.create(vertx, redis, CacheOptions.defaults()
        .withNanoClock(clock::get).withTtl(Duration.ofSeconds(10))
        .withStaleWhileRevalidate(Duration.ofSeconds(5)).withFillWait(fillWait), meters));
  }

  /** {@code cache} started, and closed after the test. */
  private Cache started(Cache cache) {
    await(cache.start());
    caches.add(cache);
    return cache;
  }

  private Cache connected() {
    Cache cache = cache(DevServices.shared().redisUrl());
    awaitConnected(cache);
    return cache;
  }

  private static void awaitConnected(Cache cache) {
    eventually("the cache subscribed", () -> ((DefaultCache) cache).isConnected());
  }

  private CacheKey key(int id) {
    return CacheKey.of(resource, id, "id,name");
  }

  private Supplier<Future<CachedBody>> loader(AtomicInteger loads, String text, String... tags) {
    return () -> {
      loads.incrementAndGet();
      return Future.succeededFuture(new CachedBody(Buffer.buffer(text), "\"" + text + "\"",
          Set.of(tags)));
    };
  }

  private String get(Cache cache, CacheKey key, Supplier<Future<CachedBody>> loader) {
    Context context = vertx.getOrCreateContext();
    Promise<CachedBody> got = Promise.promise();
    context.runOnContext(v -> cache.get(key, loader).onComplete(got));
    return await(got.future()).body().toString();
  }

  @Test
  void hundred_concurrent_misses_make_one_load() {
    Cache cache = connected();
    AtomicInteger loads = new AtomicInteger();
    Promise<CachedBody> slow = Promise.promise();
    Promise<List<CachedBody>> all = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      List<Future<CachedBody>> gets = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        gets.add(cache.get(key(1), () -> {
          loads.incrementAndGet();
          return slow.future();
        }));
      }
      slow.complete(new CachedBody(Buffer.buffer("one"), "\"one\"", Set.of(resource + ":1")));
      Future.all(gets).map(f -> f.<CachedBody>list()).onComplete(all);
    });
    assertThat(await(all.future())).hasSize(100)
        .allSatisfy(body -> assertThat(body.body().toString()).isEqualTo("one"));
    assertThat(loads).hasValue(1);
  }

  @Test
  void an_instance_keeps_no_more_than_its_bound_in_redis_and_the_rest_in_l1() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Cache bounded = started(Cache.create(vertx, Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(DevServices.shared().redisUrl())), CacheOptions.defaults()
        .withNanoClock(clock::get).withTtl(Duration.ofSeconds(10)).withRedisMaxBytes(10_000),
        meters));
    awaitConnected(bounded);
    String kilobyte = "x".repeat(1000);
    AtomicInteger loads = new AtomicInteger();
    // Each key a client can pick (a fields mask, a filter) was one more Redis entry for its TTL.
    for (int i = 0; i < 50; i++) {
      assertThat(get(bounded, key(i), loader(loads, kilobyte + i))).isEqualTo(kilobyte + i);
    }
    assertThat(get(bounded, key(49), loader(loads, "reloaded"))).as("from L1")
        .isEqualTo(kilobyte + 49);
    assertThat(loads).hasValue(50);
    assertThat(meters.get("brisk.cache.redis.bytes").gauge().value()).isBetween(5_000.0,
        10_000.0);
    assertThat(meters.get("brisk.cache.redis.full").counters()).map(c -> c.count())
        .containsExactly(50.0 - storedInRedis(kilobyte));
  }

  /** How many of keys 0 to 49 an instance with an empty L1 finds in Redis. */
  private int storedInRedis(String kilobyte) {
    Cache reader = connected();
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      assertThat(get(reader, key(i), loader(loads, kilobyte + i))).isEqualTo(kilobyte + i);
    }
    assertThat(50 - loads.get()).as("entries the first instance kept in Redis").isBetween(3, 9);
    return 50 - loads.get();
  }

  @Test
  void hundred_concurrent_misses_on_two_instances_make_one_load() {
    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    Cache a = cache(DevServices.shared().redisUrl(), Duration.ofSeconds(30), metersA);
    Cache b = cache(DevServices.shared().redisUrl(), Duration.ofSeconds(30), metersB);
    awaitConnected(a);
    awaitConnected(b);
    AtomicInteger loads = new AtomicInteger();
    Promise<CachedBody> slow = Promise.promise();
    Supplier<Future<CachedBody>> loader = () -> {
      loads.incrementAndGet();
      return slow.future();
    };
    Future<List<CachedBody>> fromA = burst(a, key(11), loader, 50);
    Future<List<CachedBody>> fromB = burst(b, key(11), loader, 50);
    // One instance took the lease and loads; the other waits for it instead of loading.
    eventually("one instance waits for the other's load",
        () -> pendingWaits(a, b) == 1 && loads.get() == 1);
    slow.complete(new CachedBody(Buffer.buffer("once"), "\"once\"", Set.of(resource + ":11")));
    assertThat(await(fromA)).hasSize(50)
        .allSatisfy(body -> assertThat(body.body().toString()).isEqualTo("once"));
    assertThat(await(fromB)).hasSize(50)
        .allSatisfy(body -> assertThat(body.body().toString()).isEqualTo("once"));
    assertThat(loads).hasValue(1);
    assertThat(waits(metersA) + waits(metersB)).isEqualTo(1);
  }

  @Test
  void a_waiter_loads_itself_when_the_lease_holder_fails() {
    Cache a = connected();
    Cache b = connected();
    Promise<CachedBody> failing = Promise.promise();
    AtomicInteger loads = new AtomicInteger();
    Future<List<CachedBody>> fromA = burst(a, key(12), () -> {
      loads.incrementAndGet();
      return failing.future();
    }, 1);
    eventually("a holds the lease and loads", () -> loads.get() == 1);
    Future<List<CachedBody>> fromB = burst(b, key(12), loader(loads, "b", resource + ":12"), 1);
    eventually("b waits for a", () -> pendingWaits(a, b) > 0);
    failing.fail(new IllegalStateException("database down"));
    assertThat(await(fromB).get(0).body().toString()).isEqualTo("b");
    assertThat(loads).hasValue(2);
    assertThat(fromA.failed()).isTrue();
  }

  @Test
  void a_waiter_loads_itself_once_the_fill_wait_passed() {
    Cache a = connected();
    Cache b = cache(DevServices.shared().redisUrl(), Duration.ofMillis(20),
        new SimpleMeterRegistry());
    awaitConnected(b);
    AtomicInteger loads = new AtomicInteger();
    burst(a, key(13), () -> {
      loads.incrementAndGet();
      return Promise.<CachedBody>promise().future();
    }, 1);
    eventually("a holds the lease and loads", () -> loads.get() == 1);
    // b's load runs on its caller's context, as any load does: a loader may need its request.
    Context reader = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    List<Context> loadedOn = new ArrayList<>();
    Supplier<Future<CachedBody>> own = loader(loads, "b", resource + ":13");
    Promise<CachedBody> fromB = Promise.promise();
    reader.runOnContext(v -> b.get(key(13), () -> {
      loadedOn.add(Vertx.currentContext());
      return own.get();
    }).onComplete(fromB));
    assertThat(await(fromB.future()).body().toString()).isEqualTo("b");
    assertThat(loads).hasValue(2);
    assertThat(loadedOn).containsExactly(reader);
  }

  @Test
  void a_lease_holder_cut_off_from_redis_stalls_no_one_and_fails_no_one() {
    try (RedisProxy redis = new RedisProxy(DevServices.shared().redisUrl())) {
      Cache a = cache(redis.url());
      Cache b = cache(DevServices.shared().redisUrl(), Duration.ofMillis(50),
          new SimpleMeterRegistry());
      awaitConnected(a);
      awaitConnected(b);
      AtomicInteger loads = new AtomicInteger();
      Promise<CachedBody> slow = Promise.promise();
      Future<List<CachedBody>> fromA = burst(a, key(14), () -> {
        loads.incrementAndGet();
        return slow.future();
      }, 1);
      eventually("a holds the lease and loads", () -> loads.get() == 1);
      redis.stop();
      assertThat(get(b, key(14), loader(loads, "b", resource + ":14"))).isEqualTo("b");
      slow.complete(new CachedBody(Buffer.buffer("a"), "\"a\"", Set.of(resource + ":14")));
      assertThat(await(fromA).get(0).body().toString()).isEqualTo("a");
      assertThat(loads).hasValue(2);
    }
  }

  /** {@code n} gets of {@code key} started in one event-loop turn of {@code cache}. */
  private Future<List<CachedBody>> burst(Cache cache, CacheKey key,
      Supplier<Future<CachedBody>> loader, int n) {
    Promise<List<CachedBody>> all = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      List<Future<CachedBody>> gets = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        gets.add(cache.get(key, loader));
      }
      Future.all(gets).map(f -> f.<CachedBody>list()).onComplete(all);
    });
    return all.future();
  }

  private static double waits(SimpleMeterRegistry meters) {
    return meters.find("brisk.cache.fill.waits").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  /** Waits in progress: a fill watch whose read reported the lease held elsewhere. */
  private static int pendingWaits(Cache... caches) {
    int n = 0;
    for (Cache c : caches) {
      n += ((DefaultCache) c).waiting();
    }
    return n;
  }

  /** Loads {@code v1} of {@code key(id)} on {@code a}, then {@code b} reads it from L2; its tag. */
  private String warmBoth(Cache a, Cache b, int id, AtomicInteger loads) {
    String tag = resource + ":" + id;
    assertThat(get(a, key(id), loader(loads, "v1", tag))).isEqualTo("v1");
    assertThat(get(b, key(id), loader(loads, "never", tag))).isEqualTo("v1");
    assertThat(loads).as("b read a's entry from L2").hasValue(1);
    return tag;
  }

  @Test
  void invalidation_reaches_a_warm_second_instance_before_it_completes() {
    Cache a = connected();
    Cache b = connected();
    AtomicInteger loads = new AtomicInteger();
    String tag = warmBoth(a, b, 7, loads);

    await(a.invalidate(List.of(tag)));

    assertThat(get(b, key(7), loader(loads, "v2", tag))).isEqualTo("v2");
    assertThat(get(a, key(7), loader(loads, "never", tag))).isEqualTo("v2");
    assertThat(loads).hasValue(2);
  }

  @Test
  void an_instance_that_never_acknowledges_is_logged_once_a_minute_not_per_write() {
    // A frozen or cut-off instance stays subscribed until Redis notices, and every write waited
    // for it in vain and logged a warning of its own: one per order placed.
    String url = DevServices.shared().redisUrl();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Cache cache = started(Cache.create(vertx,
        Redis.createClient(vertx, new RedisOptions().setConnectionString(url)),
        CacheOptions.defaults().withNanoClock(clock::get).withAckTimeout(Duration.ofMillis(50)),
        meters));
    awaitConnected(cache);
    RedisConnection frozen = await(Redis.createClient(vertx, url).connect());
    frozen.handler(message -> { });
    await(frozen.send(Request.cmd(Command.SUBSCRIBE).arg("brisk:cache:invalidate")));

    try (LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 3; i++) {
        await(cache.invalidate(List.of(resource + ":" + i)));
      }
      clock.addAndGet(Duration.ofMinutes(1).toNanos());
      await(cache.invalidate(List.of(resource + ":3")));

      assertThat(meters.find("brisk.cache.ack.timeouts").counter().count()).isEqualTo(4);
      List<String> warnings = logs.text().lines()
          .filter(l -> l.contains("WARN") && l.contains("not acknowledged")).toList();
      assertThat(warnings).hasSize(2);
      assertThat(warnings.get(0)).contains("other subscribed instances did not")
          .contains("brisk_cache_ack_timeouts_total");
      assertThat(warnings.get(1)).endsWith("(2 more like this in the last 60 s)");
    } finally {
      await(frozen.close());
    }
  }

  @Test
  void a_read_on_the_writer_before_redis_is_stamped_is_not_served_after_the_write() {
    HeldInvalidations redis = new HeldInvalidations(Redis.createClient(vertx,
        new RedisOptions().setConnectionString(DevServices.shared().redisUrl())));
    Cache a = cache(redis, Duration.ofSeconds(30), new SimpleMeterRegistry());
    awaitConnected(a);
    Cache b = connected();
    AtomicInteger loads = new AtomicInteger();
    String tag = warmBoth(a, b, 9, loads);

    // A write committed: the writer dropped v1 from its L1, its stamp in Redis is on the way.
    redis.hold();
    Promise<Void> invalidated = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> a.invalidate(List.of(tag))
        .onComplete(invalidated));
    eventually("the stamp is held", () -> redis.held() == 1);
    // A read on the writer meanwhile misses L1 and finds v1 in L2: it may see v1 (the write is
    // not answered yet), but must not keep it.
    assertThat(get(a, key(9), loader(loads, "v1 again", tag))).isEqualTo("v1");
    redis.release();
    await(invalidated.future());

    // The write is answered: every read shows it, on the writer too.
    assertThat(get(a, key(9), loader(loads, "v2", tag))).isEqualTo("v2");
    assertThat(get(b, key(9), loader(loads, "never", tag))).isEqualTo("v2");
    assertThat(loads).hasValue(2);
  }

  /** The cache's Redis client, with its invalidation scripts held back while a test says so. */
  private static final class HeldInvalidations implements Redis {
    private final Redis redis;
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    HeldInvalidations(Redis redis) {
      this.redis = redis;
    }

    synchronized void hold() {
      holding = true;
    }

    synchronized int held() {
      return held.size();
    }

    void release() {
      List<Runnable> sends;
      synchronized (this) {
        holding = false;
        sends = new ArrayList<>(held);
        held.clear();
      }
      sends.forEach(Runnable::run);
    }

    @Override
    public Future<Response> send(Request command) {
      synchronized (this) {
        if (holding && command.toString().contains("brisk:cache:invalidate")) {
          Promise<Response> later = Promise.promise();
          held.add(() -> redis.send(command).onComplete(later));
          return later.future();
        }
      }
      return redis.send(command);
    }

    @Override
    public Future<RedisConnection> connect() {
      return redis.connect();
    }

    @Override
    public Future<Void> close() {
      return redis.close();
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
      return redis.batch(commands);
    }
  }

  @Test
  void a_load_overlapping_an_invalidation_of_its_tag_is_not_kept() {
    Cache cache = connected();
    String tag = resource + ":3";
    Promise<CachedBody> slow = Promise.promise();
    Promise<CachedBody> first = Promise.promise();
    Promise<Void> loading = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> cache.get(key(3), () -> {
      loading.complete();
      return slow.future();
    }).onComplete(first));
    await(loading.future());
    await(cache.invalidate(List.of(tag)));
    slow.complete(new CachedBody(Buffer.buffer("old"), "\"old\"", Set.of(tag)));
    assertThat(await(first.future()).body().toString()).isEqualTo("old");

    AtomicInteger loads = new AtomicInteger();
    assertThat(get(cache, key(3), loader(loads, "new", tag))).isEqualTo("new");
    assertThat(loads).hasValue(1);
  }

  @Test
  void a_read_after_an_invalidation_never_gets_a_load_that_started_before_it() {
    Cache cache = connected();
    String tag = resource + ":5";
    Promise<CachedBody> slow = Promise.promise();
    Promise<CachedBody> first = Promise.promise();
    Promise<Void> loading = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> cache.get(key(5), () -> {
      loading.complete();
      return slow.future();
    }).onComplete(first));
    await(loading.future());
    // A write committed and was answered: every read from now on must show it.
    await(cache.invalidate(List.of(tag)));
    AtomicInteger loads = new AtomicInteger();
    Promise<CachedBody> after = Promise.promise();
    Context reader = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    List<Context> loadedOn = new ArrayList<>();
    Supplier<Future<CachedBody>> fresh = loader(loads, "new", tag);
    reader.runOnContext(v -> cache.get(key(5), () -> {
      loadedOn.add(Vertx.currentContext());
      return fresh.get();
    }).onComplete(after));
    // The old load completes where its I/O does: another context than the reader's.
    vertx.getOrCreateContext().runOnContext(v -> slow.complete(
        new CachedBody(Buffer.buffer("old"), "\"old\"", Set.of(tag))));

    assertThat(await(first.future()).body().toString()).isEqualTo("old");
    assertThat(await(after.future()).body().toString()).isEqualTo("new");
    assertThat(loads).hasValue(1);
    assertThat(loadedOn).as("its load ran on the reader's own context (its request's)")
        .containsExactly(reader);
  }

  @Test
  void an_invalidation_of_other_tags_still_lets_readers_share_a_load() {
    Cache cache = connected();
    Promise<CachedBody> slow = Promise.promise();
    Promise<CachedBody> first = Promise.promise();
    Promise<Void> loading = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> cache.get(key(6), () -> {
      loading.complete();
      return slow.future();
    }).onComplete(first));
    await(loading.future());
    await(cache.invalidate(List.of(resource + ":other")));
    AtomicInteger loads = new AtomicInteger();
    Promise<CachedBody> after = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> cache.get(key(6),
        loader(loads, "never", resource + ":6")).onComplete(after));
    slow.complete(new CachedBody(Buffer.buffer("one"), "\"one\"", Set.of(resource + ":6")));

    assertThat(await(first.future()).body().toString()).isEqualTo("one");
    assertThat(await(after.future()).body().toString()).isEqualTo("one");
    assertThat(loads).hasValue(0);
  }

  @Test
  void a_stale_entry_is_served_once_while_it_reloads() {
    Cache cache = connected();
    AtomicInteger loads = new AtomicInteger();
    String tag = resource + ":4";
    get(cache, key(4), loader(loads, "v1", tag));
    clock.addAndGet(Duration.ofSeconds(12).toNanos());
    assertThat(get(cache, key(4), loader(loads, "v2", tag))).isEqualTo("v1");
    assertThat(loads).hasValue(2);
    assertThat(get(cache, key(4), loader(loads, "v3", tag))).isEqualTo("v2");
  }

  @Test
  void a_frozen_redis_degrades_the_cache_and_it_recovers_once_redis_answers() {
    try (RedisProxy redis = new RedisProxy(DevServices.shared().redisUrl())) {
      Cache cache = cache(redis.url());
      awaitConnected(cache);
      AtomicInteger loads = new AtomicInteger();

      redis.freeze();
      // Each miss waits for L2 in vain; a few in a row drop the subscription, as an outage does.
      for (int i = 0; i < 2 * RedisTier.FROZEN_AFTER_TIMEOUTS; i++) {
        assertThat(get(cache, key(100 + i), loader(loads, "v" + i))).isEqualTo("v" + i);
      }
      eventually("degraded", () -> !((DefaultCache) cache).isConnected());

      redis.thaw();
      eventually("reconnected", () -> ((DefaultCache) cache).isConnected());
      assertThat(get(cache, key(100), loader(loads, "fresh"))).as("L1 dropped on reconnect")
          .isEqualTo("fresh");
    }
  }

  @Test
  void a_write_while_redis_is_frozen_is_answered_once_an_idle_instance_dropped_its_l1() {
    try (RedisProxy redis = new RedisProxy(DevServices.shared().redisUrl())) {
      Cache a = cache(redis.url());
      Cache b = cache(redis.url());
      awaitConnected(a);
      awaitConnected(b);
      AtomicInteger loads = new AtomicInteger();
      String tag = warmBoth(a, b, 8, loads);

      redis.freeze();
      // b makes no Redis call of its own (its reads are L1 hits): only its heartbeat can tell
      // it that Redis stopped answering, and a has to wait for that before answering its write
      // (b served v1 for the entry's whole lifetime).
      await(a.invalidate(List.of(tag)));

      assertThat(get(b, key(8), loader(loads, "v2", tag))).isEqualTo("v2");
      assertThat(((DefaultCache) b).isConnected()).isFalse();
      redis.thaw();
      eventually("reconnected", () -> ((DefaultCache) b).isConnected());
    }
  }

  @Test
  void a_write_while_redis_is_down_is_answered_once_what_others_loaded_before_it_expired() {
    try (RedisProxy redis = new RedisProxy(DevServices.shared().redisUrl())) {
      // The real clock: what b keeps while degraded expires in real time, as the write waits.
      Cache a = onRealClock(redis.url());
      Cache b = onRealClock(redis.url());
      awaitConnected(a);
      awaitConnected(b);
      AtomicInteger loads = new AtomicInteger();
      String tag = resource + ":12";

      redis.stop();
      eventually("a degraded", () -> !((DefaultCache) a).isConnected());
      eventually("b degraded", () -> !((DefaultCache) b).isConnected());
      // The outage's first write waits for the others to notice it; later ones do not.
      await(a.invalidate(List.of(resource + ":other")));
      assertThat(get(b, key(12), loader(loads, "v1", tag))).isEqualTo("v1");
      assertThat(get(b, key(12), loader(loads, "never", tag))).as("b's L1").isEqualTo("v1");
      // The row changed, then the write invalidates: b cannot hear it, so the write is
      // answered once what b loaded before it has expired.
      await(a.invalidate(List.of(tag)));
      assertThat(get(b, key(12), loader(loads, "v2", tag))).isEqualTo("v2");
    }
  }

  private Cache onRealClock(String redisUrl) {
    return started(Cache.create(vertx, Redis.createClient(vertx,
        new RedisOptions().setConnectionString(redisUrl)), CacheOptions.defaults(),
        new SimpleMeterRegistry()));
  }

  @Test
  void a_cache_that_cannot_subscribe_at_startup_says_so_once() {
    // A wrong password (or Redis down at startup): the startup line said cache=on, the cache
    // retried every 200 ms and logged nothing, L1 only with short lifetimes.
    String url = DevServices.shared().redisUrl().replaceFirst(":[^:@/]+@", ":wrong-secret-1@");
    assertThat(url).contains("wrong-secret-1");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (LogCapture logs = LogCapture.start()) {
      Cache cache = cache(url, Duration.ofSeconds(30), meters);
      eventually("three failed subscriptions", () -> meters.find("brisk.cache.redis.errors")
          .tag("operation", "subscribe").counter() != null && meters.find(
          "brisk.cache.redis.errors").tag("operation", "subscribe").counter().count() >= 3);

      assertThat(((DefaultCache) cache).isConnected()).isFalse();
      assertThat(logs.text().lines().filter(l -> l.contains("WARN")
          && l.contains("Cache cannot subscribe to Redis (WRONGPASS"))).hasSize(1);
      assertThat(logs.text()).doesNotContain("wrong-secret-1");
    }
  }

  @Test
  void without_redis_it_serves_from_l1_and_recovers_by_itself() {
    try (RedisProxy redis = new RedisProxy(DevServices.shared().redisUrl())) {
      Cache cache = cache(redis.url());
      awaitConnected(cache);
      AtomicInteger loads = new AtomicInteger();
      String tag = resource + ":5";
      get(cache, key(5), loader(loads, "v1", tag));

      redis.stop();
      eventually("degraded", () -> !((DefaultCache) cache).isConnected());
      assertThat(get(cache, key(5), loader(loads, "v2", tag))).isEqualTo("v2");
      assertThat(get(cache, key(5), loader(loads, "never", tag))).as("L1 still works")
          .isEqualTo("v2");
      await(cache.invalidate(List.of(tag)));
      assertThat(get(cache, key(5), loader(loads, "v3", tag))).isEqualTo("v3");

      redis.start();
      eventually("reconnected", () -> ((DefaultCache) cache).isConnected());
      assertThat(get(cache, key(5), loader(loads, "v4", tag))).as("L1 dropped on reconnect")
          .isEqualTo("v4");
    }
  }
}
