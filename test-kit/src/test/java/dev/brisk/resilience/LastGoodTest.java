package dev.brisk.resilience;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.devservices.DevServices;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Last good values in the real (dev services) Redis, shared by two app instances. */
@ExtendWith(VertxExtension.class)
class LastGoodTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final String key = UUID.randomUUID().toString();

  private LastGood instance(Vertx vertx) {
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, DevServices.shared().redisUrl()));
    return LastGood.redis(redis, "quotes", Duration.ofMinutes(1), registry);
  }

  @Test
  void a_fresh_value_is_stored_and_served_stale_by_another_instance(Vertx vertx) {
    JsonObject quote = new JsonObject().put("price_cents", 499);
    Served<JsonObject> fresh = await(instance(vertx).serve(key, Future.succeededFuture(quote)));
    assertThat(fresh).isEqualTo(new Served<>(quote, false));
    Served<JsonObject> stale = await(instance(vertx).serve(key,
        Future.failedFuture(Call.timeout("carrier"))));
    assertThat(stale).isEqualTo(new Served<>(quote, true));
    assertThat(registry.get("brisk.outbound.fallbacks").tag("result", "served").counter()
        .count()).isEqualTo(1);
  }

  @Test
  void an_instance_stores_values_of_new_keys_only_within_its_bound(Vertx vertx) {
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, DevServices.shared().redisUrl()));
    String name = "bounded-" + key;
    // 165 bytes a value with its key and Redis's overhead: room for six.
    LastGood bounded = new RedisLastGood(redis, name, Duration.ofMinutes(1), registry, 1000);
    JsonObject quote = new JsonObject().put("price_cents", 499);
    // Keys come from requests (a product and any zip code): each one was stored for a day.
    for (int i = 0; i < 10; i++) {
      assertThat(await(bounded.serve("zip-" + i, Future.succeededFuture(quote))))
          .isEqualTo(new Served<>(quote, false));
    }
    assertThat(registry.get("brisk.outbound.last_good.unstored").tag("name", name).counter()
        .count()).isEqualTo(4);
    LastGood reader = LastGood.redis(redis, name, Duration.ofMinutes(1), registry);
    Future<JsonObject> failing = Future.failedFuture(Call.timeout("carrier"));
    assertThat(await(reader.serve("zip-5", failing))).isEqualTo(new Served<>(quote, true));
    awaitFailure(reader.serve("zip-6", failing));
    // A key the instance stored is still refreshed at the bound (the value is replaced).
    JsonObject newer = new JsonObject().put("price_cents", 599);
    await(bounded.serve("zip-0", Future.succeededFuture(newer)));
    assertThat(await(reader.serve("zip-0", failing))).isEqualTo(new Served<>(newer, true));
  }

  @Test
  void a_frozen_redis_costs_a_bounded_wait_not_the_deadline(Vertx vertx) {
    // A server that accepts connections and never answers: Redis stopped with SIGSTOP.
    NetServer frozen = await(vertx.createNetServer().connectHandler(socket -> socket
        .handler(ignored -> { })).listen(0, "127.0.0.1"));
    LastGood lastGood = LastGood.redis(RedisAPI.api(Redis.createClient(vertx,
        "redis://127.0.0.1:" + frozen.actualPort())), "quotes", Duration.ofMinutes(1), registry);
    JsonObject quote = new JsonObject().put("price_cents", 499);
    long start = System.nanoTime();

    Served<JsonObject> fresh = await(lastGood.serve(key, Future.succeededFuture(quote)));
    assertThat(fresh).isEqualTo(new Served<>(quote, false));
    Throwable failure = awaitFailure(lastGood.serve(key, Future.failedFuture(
        OutboundException.status("carrier", 503, Duration.ofSeconds(4)))));
    assertThat(failure).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.status()).isEqualTo(503));
    // API.md: a failed quote is answered within 1 s; both waits together stay well inside it.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

    // Redis failed a moment ago: the next calls do not wait for it (answered at once), the
    // fresh value stored in the background and the read skipped.
    Future<Served<JsonObject>> next = lastGood.serve(key, Future.succeededFuture(quote));
    assertThat(next.isComplete()).as("not waiting for Redis").isTrue();
    assertThat(next.result()).isEqualTo(new Served<>(quote, false));
    Future<Served<JsonObject>> failed = lastGood.serve(key, Future.failedFuture(
        OutboundException.status("carrier", 503, Duration.ofSeconds(4))));
    assertThat(failed.failed()).as("no read").isTrue();
  }

  @Test
  void without_a_last_good_value_an_outbound_failure_becomes_a_503_problem(Vertx vertx) {
    Throwable failure = awaitFailure(instance(vertx).serve(key, Future.failedFuture(
        OutboundException.status("carrier", 503, Duration.ofSeconds(4)))));
    assertThat(failure).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(503);
      assertThat(p.headers()).containsEntry("Retry-After", "4");
    });
    IOException other = new IOException("boom");
    assertThat(awaitFailure(instance(vertx).serve(key, Future.failedFuture(other))))
        .isSameAs(other);
    assertThat(registry.get("brisk.outbound.fallbacks").tag("result", "missing").counter()
        .count()).isEqualTo(2);
  }
}
