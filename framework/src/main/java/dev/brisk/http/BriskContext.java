package dev.brisk.http;

import dev.brisk.db.Db;
import dev.brisk.health.HealthChecks;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;

/**
 * What a running Brisk app shares across its verticles: Vert.x, configuration, the database, Redis,
 * health checks and the meter registry. Thread-safe.
 *
 * @param pgUrl the PostgreSQL URL in effect (from env or dev services)
 * @param redisUrl the Redis URL in effect
 */
public record BriskContext(Vertx vertx, BriskConfig config, Db db, Redis redis, RedisAPI redisApi,
    HealthChecks health, MeterRegistry registry, String pgUrl, String redisUrl) {
}
