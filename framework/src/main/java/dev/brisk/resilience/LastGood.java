package dev.brisk.resilience;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;

/**
 * Last good values of an outbound call, kept in Redis so every instance of the app can serve
 * them: a fresh value is stored under its key, and when a later call fails the stored one is
 * served as stale.
 *
 * <pre>{@code
 * LastGood quotes = LastGood.redis(redis, "carrier-quotes", Duration.ofDays(1), registry);
 * quotes.serve("42:10115", carrier.send(request).map(HttpResponse::bodyAsJsonObject));
 * }</pre>
 *
 * <p>Thread-safe; never blocks; results complete on the caller's context.
 */
public interface LastGood {

  /**
   * Values under {@code brisk:last-good:<name>:<key>}, each kept {@code ttl} after its last
   * refresh; each instance keeps at most 16 MiB of them per name (a new key past that is not
   * stored). Meters: {@code brisk.outbound.fallbacks} tagged {@code name} and
   * {@code result=served|missing}, {@code brisk.outbound.last_good.unstored} tagged {@code name}.
   */
  static LastGood redis(RedisAPI redis, String name, Duration ttl, MeterRegistry registry) {
    return new RedisLastGood(redis, name, ttl, registry);
  }

  /**
   * The fresh value once it is stored (a failed or slow store is logged, never fatal; the
   * Redis implementation waits at most 250 ms for each store or read); if {@code fresh}
   * fails, the last good value as stale; else {@code fresh}'s failure, as a problem (503 with
   * {@code Retry-After}) when it is an {@link OutboundException}.
   */
  Future<Served<JsonObject>> serve(String key, Future<JsonObject> fresh);
}
