package dev.brisk;

import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.health.HealthChecks;
import dev.brisk.http.StreamLimiter;
import dev.brisk.page.PageOptions;
import dev.brisk.stream.StreamOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;

/**
 * What a running Brisk app shares across its verticles: Vert.x, its options and the app's own
 * settings, the database, Redis, health checks, the meter registry, the instance's stream
 * limiter and the options built from the framework's settings. Thread-safe.
 *
 * <p>{@code Dataset.named(context.config().get("dataset", "small"))}
 *
 * @param config every setting from arguments and environment, for the app's own keys
 * @param options the framework's validated options
 * @param streams caps concurrent exports and SSE ({@link BriskOptions#streams()}); pass it to
 *     {@code routes.stream(...)}
 * @param cache L1 + L2 cache of encoded representations, shared by every verticle
 * @param pages page-cursor options with the instance's signing keys ({@code BRISK_CURSOR_KEYS},
 *     shared by every instance): {@code Pager.create(context.pages())}
 * @param streamOptions how exports and SSE stream ({@code --sse-heartbeat}, {@code --sse-retry},
 *     {@code --stream-stall-timeout}): {@code builder.streaming(context.streamOptions(), ...)}
 * @param embedLimits bounds on embedded rows ({@code --embed-max-per-parent},
 *     {@code --max-rows-per-request}): {@code builder.embedLimits(context.embedLimits())}
 */
public record BriskContext(Vertx vertx, BriskConfig config, BriskOptions options, Db db,
    Redis redis, RedisAPI redisApi, HealthChecks health, MeterRegistry registry,
    StreamLimiter streams, Cache cache, PageOptions pages, StreamOptions streamOptions,
    EmbedLimits embedLimits) {
}
