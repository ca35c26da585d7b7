package dev.brisk;

import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.endpoint.ResourceEndpoint;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.health.HealthChecks;
import dev.brisk.http.StreamLimiter;
import dev.brisk.page.PageOptions;
import dev.brisk.page.Pager;
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
 *     {@code --stream-stall-timeout}); {@link #endpoint} applies them, and
 *     {@code Streamer.create(context.streamOptions())} streams by hand with them
 * @param embedLimits bounds on embedded rows ({@code --embed-max-per-parent},
 *     {@code --max-rows-per-request}); {@link #endpoint} and {@link #reader} apply them
 */
public record BriskContext(Vertx vertx, BriskConfig config, BriskOptions options, Db db,
    Redis redis, RedisAPI redisApi, HealthChecks health, MeterRegistry registry,
    StreamLimiter streams, Cache cache, PageOptions pages, StreamOptions streamOptions,
    EmbedLimits embedLimits) {

  /**
   * Starts an endpoint declaration for {@code resource} on this app's database, with its
   * {@link #embedLimits()} and {@link #streamOptions()}, so the app's settings reach it;
   * {@code pager} (null when only {@code get} is served) pages the lists. The way an app builds its endpoints; any thread.
   *
   * <p>{@code context.endpoint(PRODUCT, pager).sorts("price_cents").build()}
   */
  public ResourceEndpoint.Builder endpoint(Resource resource, Pager pager) {
    return ResourceEndpoint.builder(resource, db, pager)
        .embedLimits(embedLimits)
        .streaming(streamOptions);
  }

  /**
   * A reader of {@code resource} on this app's database with its {@link #embedLimits()}, for
   * endpoints written by hand; {@code pager} may be null when only {@code byId} is used. Any
   * thread.
   *
   * <p>{@code ResourceReader notes = context.reader(NOTE, null);}
   */
  public ResourceReader reader(Resource resource, Pager pager) {
    return ResourceReader.create(resource, db, pager).withEmbedLimits(embedLimits);
  }
}
