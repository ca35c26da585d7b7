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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a running Brisk app shares across its verticles: Vert.x, its options and the app's own
 * settings, the database, Redis, health checks, the meter registry, the instance's stream
 * limiter, the options built from the framework's settings, and the app's own once-per-app
 * objects ({@link #shared}). Thread-safe.
 *
 * <p>{@code Dataset.named(context.config().get("dataset", "small"))}
 */
public final class BriskContext {

  private final Vertx vertx;
  private final BriskConfig config;
  private final BriskOptions options;
  private final Db db;
  private final Redis redis;
  private final RedisAPI redisApi;
  private final HealthChecks health;
  private final MeterRegistry registry;
  private final StreamLimiter streams;
  private final Cache cache;
  private final PageOptions pages;
  private final StreamOptions streamOptions;
  private final EmbedLimits embedLimits;
  /** What {@link #shared} made, by key; guarded by itself. */
  private final Map<String, Object> shared = new HashMap<>();

  /**
   * @param config every setting from arguments and environment, for the app's own keys
   * @param options the framework's validated options
   * @param streams caps concurrent exports and SSE ({@link BriskOptions#streams()})
   * @param cache L1 + L2 cache of encoded representations, shared by every verticle
   * @param pages page-cursor options with the instance's signing keys
   * @param streamOptions how exports and SSE stream
   * @param embedLimits bounds on embedded rows
   */
  public BriskContext(Vertx vertx, BriskConfig config, BriskOptions options, Db db, Redis redis,
      RedisAPI redisApi, HealthChecks health, MeterRegistry registry, StreamLimiter streams,
      Cache cache, PageOptions pages, StreamOptions streamOptions, EmbedLimits embedLimits) {
    this.vertx = vertx;
    this.config = config;
    this.options = options;
    this.db = db;
    this.redis = redis;
    this.redisApi = redisApi;
    this.health = health;
    this.registry = registry;
    this.streams = streams;
    this.cache = cache;
    this.pages = pages;
    this.streamOptions = streamOptions;
    this.embedLimits = embedLimits;
  }

  /** The Vert.x instance every verticle runs on. */
  public Vertx vertx() {
    return vertx;
  }

  /** Every setting from arguments and environment, for the app's own keys. */
  public BriskConfig config() {
    return config;
  }

  /** The framework's validated options. */
  public BriskOptions options() {
    return options;
  }

  /** The app's PostgreSQL access. */
  public Db db() {
    return db;
  }

  /** The Redis client. */
  public Redis redis() {
    return redis;
  }

  /** The Redis commands over {@link #redis()}. */
  public RedisAPI redisApi() {
    return redisApi;
  }

  /** The readiness checks; an app may register its own. */
  public HealthChecks health() {
    return health;
  }

  /** The meter registry {@code /metrics} serves. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Caps concurrent exports and SSE ({@link BriskOptions#streams()}); pass it to
   * {@code routes.stream(...)}.
   */
  public StreamLimiter streams() {
    return streams;
  }

  /** L1 + L2 cache of encoded representations, shared by every verticle. */
  public Cache cache() {
    return cache;
  }

  /**
   * Page-cursor options with the instance's signing keys ({@code BRISK_CURSOR_KEYS}, shared by
   * every instance): {@code Pager.create(context.pages())}.
   */
  public PageOptions pages() {
    return pages;
  }

  /**
   * How exports and SSE stream ({@code --sse-heartbeat}, {@code --sse-retry},
   * {@code --stream-stall-timeout}); {@link #endpoint} applies them, and
   * {@code Streamer.create(context.streamOptions())} streams by hand with them.
   */
  public StreamOptions streamOptions() {
    return streamOptions;
  }

  /**
   * Bounds on embedded rows ({@code --embed-max-per-parent}, {@code --max-rows-per-request},
   * {@code --max-rows-per-tier}); {@link #endpoint} and {@link #reader} apply them.
   */
  public EmbedLimits embedLimits() {
    return embedLimits;
  }

  /**
   * The app's one object under {@code key}, made by {@code create} on the first call and
   * returned by every later one, from any verticle: what {@link BriskApp#routes}, which runs
   * once per verticle, builds once per app (a pager, row versions, a client with a circuit
   * breaker that every verticle must share). {@code create} runs under a lock, so it must be
   * quick and not block; it may call {@code shared} for other keys. Any thread.
   *
   * <p>{@code Pager pager = context.shared("pager", () -> Pager.create(context.pages()));}
   *
   * <p>A key names one type: the result is cast where it is assigned, so a call expecting
   * another type than {@code key} holds fails there with a {@code ClassCastException}.
   *
   * @throws IllegalArgumentException when {@code create} returns {@code null}
   */
  @SuppressWarnings("unchecked")
  public <T> T shared(String key, Supplier<? extends T> create) {
    Objects.requireNonNull(key, "key");
    synchronized (shared) {
      Object made = shared.get(key);
      if (made == null) {
        made = create.get();
        if (made == null) {
          throw new IllegalArgumentException("shared '" + key + "': create returned null");
        }
        shared.put(key, made);
      }
      return (T) made;
    }
  }

  /**
   * Starts an endpoint declaration for {@code resource} on this app's database, with its
   * {@link #embedLimits()} and {@link #streamOptions()}, so the app's settings reach it;
   * {@code pager} (null when no {@code list} is served) pages the lists. The way an app builds
   * its endpoints; any thread.
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
