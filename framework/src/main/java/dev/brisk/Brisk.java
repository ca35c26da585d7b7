package dev.brisk;

import dev.brisk.auth.Authenticator;
import dev.brisk.cache.Cache;
import dev.brisk.cache.CacheOptions;
import dev.brisk.db.Db;
import dev.brisk.db.DbOptions;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.health.HealthChecks;
import dev.brisk.internal.BriskVersion;
import dev.brisk.metrics.BriskMetrics;
import dev.brisk.metrics.Tracing;
import dev.brisk.http.StreamLimiter;
import dev.brisk.http.StreamLimits;
import dev.brisk.stream.StreamOptions;
import dev.brisk.throttle.Throttle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Brisk app: Vert.x with Prometheus metrics, the database and Redis clients, the app's
 * one-time start, then one HTTP verticle per core. {@link #run} also starts dev services when the
 * app is run without store URLs, refuses command-line options nothing read by the time the app
 * listens, and installs graceful shutdown on SIGTERM/SIGINT: readiness turns DOWN, the servers
 * keep accepting for {@code --shutdown-grace} (2 s), then stop accepting and drain in-flight
 * requests, the pools close, and only then are dev services stopped.
 *
 * <p>{@code public static void main(String[] args) { Brisk.run(args, ShopApp::new); }}
 */
public final class Brisk {

  private static final Logger LOG = LoggerFactory.getLogger(Brisk.class);
  /** How long a stopping app keeps accepting once readiness is 503 ({@code --shutdown-grace}). */
  private static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(2);
  /** The client type the PostgreSQL client reports its metrics under. */
  private static final String SQL_CLIENT_METRICS = "sql";

  private Brisk() {
  }

  /**
   * Runs the app from {@code main} against the stores named by {@code BRISK_PG_URL} and
   * {@code BRISK_REDIS_URL}: blocks while starting, exits the JVM with status 1 and a clear
   * message if startup fails, and stops gracefully on SIGTERM/SIGINT. With {@code --help} (or
   * {@code -h}) it prints the options, Brisk's and the app's ({@link BriskApp#help}), and
   * returns without starting anything.
   */
  public static void run(String[] args, Supplier<BriskApp> app) {
    run(args, app, null);
  }

  /**
   * Like {@link #run(String[], Supplier)}, but when neither store URL is set (or with
   * {@code --dev-services}) it first starts throwaway stores with {@code devStores} and binds
   * 127.0.0.1 unless {@code --host} says otherwise. Exactly one URL set, or
   * {@code BRISK_ENV=production}, is a startup error naming the missing variable.
   *
   * <p>{@code Brisk.run(args, ShopApp::new, () -> DevStores.of(dev.settings(), dev::close))}
   */
  public static void run(String[] args, Supplier<BriskApp> app, Supplier<DevStores> devStores) {
    String appHelp = app.get().help();
    if (Help.requested(args)) {
      // Before anything starts: no dev services, no dataset load.
      System.out.print(Help.text(appHelp));
      return;
    }
    AtomicReference<DevStores> dev = new AtomicReference<>();
    AtomicReference<RunningBrisk> running = new AtomicReference<>();
    AtomicReference<Duration> grace = new AtomicReference<>(DEFAULT_SHUTDOWN_GRACE);
    // Installed before anything starts, so Ctrl-C during a long dataset load still stops the
    // throwaway stores; they stop only after the app has drained.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running.get(), dev.get(),
        grace.get()), "brisk-shutdown"));
    AtomicReference<BriskConfig> settings = new AtomicReference<>();
    try {
      BriskConfig config = BriskConfig.from(args, System.getenv());
      settings.set(config);
      if (!appHelp.isBlank()) {
        // The app lists its options: a typo stops it now, not after dev services and the data.
        requireNoUnknownOptions(config.givenExcept(Help.options(Help.text(appHelp))));
      }
      grace.set(config.getDuration("shutdown-grace", DEFAULT_SHUTDOWN_GRACE));
      if (DevStorePolicy.shouldStart(config, devStores != null)) {
        dev.set(devStores.get());
        System.out.println("Dev services: " + DevStorePolicy.describe(config, dev.get()));
        config = DevStorePolicy.apply(config, dev.get());
      } else {
        // A production run (stores of its own); a dev run's OutOfMemoryError harms no one else.
        JvmChecks.warnUnlessExitOnOutOfMemory();
      }
      DevStorePolicy.requireCursorKeys(config, dev.get() != null);
      running.set(await(start(BriskOptions.from(config), config, app), Duration.ofMinutes(30)));
      // Every setting is read by the time the app listens, so a never-read option is a typo
      // (--concurency-limit off) that would otherwise leave the default silently in force.
      requireNoUnknownOptions(config.unread());
      RunningBrisk up = running.get();
      LOG.info("{}", StartupLine.of(up.options(), up.port(), BriskVersion.current(),
          config.production(), up.context().cache().isEnabled()));
    } catch (RuntimeException | Error e) {
      // An Error too (a NoClassDefFoundError from mismatched dependency versions): otherwise main
      // ends, Vert.x and the dev stores' threads keep the JVM alive, and nothing says why.
      String why = settings.get() == null || e.getMessage() == null ? e.getMessage()
          : settings.get().explain(e.getMessage());
      // A setting or a declaration the app got wrong, or a store or port that failed it: the
      // message names it, and a trace through Brisk's internals would only bury it.
      boolean named = e instanceof IllegalArgumentException || e instanceof EnvironmentFailure;
      reportStartupFailure(LOG, System.err, why, named ? null : e);
      System.exit(1);
    }
  }

  /**
   * Reports a failed start once: in the log, or on {@code stderr} when nothing logs errors (no
   * SLF4J provider, or the logger turned off), so that it is neither lost nor shown twice (the
   * simple binding writes to stderr too). {@code trace} is null when the message says it all.
   */
  static void reportStartupFailure(Logger log, PrintStream stderr, String why, Throwable trace) {
    if (!log.isErrorEnabled()) {
      stderr.println("Brisk failed to start: " + why);
      if (trace != null) {
        trace.printStackTrace(stderr);
      }
    } else if (trace == null) {
      log.error("Startup failed: {}", why);
    } else {
      log.error("Startup failed: {}", why, trace);
    }
  }

  private static void requireNoUnknownOptions(List<String> unknown) {
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown option" + (unknown.size() == 1 ? " " : "s ")
          + String.join(", ", unknown.stream().map(k -> "--" + k).toList())
          + "; see docs/deploy.md#configuration for the settings");
    }
  }

  /**
   * The one shutdown sequence: readiness 503, {@code grace} of still accepting, the drain, the
   * clients, and only then the dev stores (which then have no client left).
   */
  private static void stop(RunningBrisk running, DevStores dev, Duration grace) {
    if (running != null) {
      LOG.info("Shutting down: readiness is 503; accepting for {} ms more, then draining for up "
          + "to {} ms", grace.toMillis(), running.options().drainTimeout().toMillis());
      long begin = System.nanoTime();
      awaitQuietly(running.shutdown(grace), grace.plus(running.options().drainTimeout())
          .plusSeconds(20));
      LOG.info("Stopped after {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }
    if (dev != null) {
      dev.close();
    }
  }

  /**
   * Starts the app with explicit options, as its {@link BriskApp#options} adjusts them;
   * {@code config} holds the app's own settings (read through {@link BriskContext#config()}).
   * Completes once every verticle listens; the handle reports the real port when
   * {@code options.port()} is 0. Used by tests and embedding code.
   */
  public static Future<RunningBrisk> start(BriskOptions given, BriskConfig config,
      Supplier<BriskApp> appFactory) {
    BriskApp app = appFactory.get();
    BriskOptions options = app.options(given);
    PrometheusMeterRegistry registry = BriskMetrics.prometheus();
    // Checked before anything starts, so a bad value leaves nothing running.
    StreamOptions streamOptions = ContextOptions.streamOptions(config, registry);
    EmbedLimits embedLimits = ContextOptions.embedLimits(config, options.auth().tiers());
    DbOptions dbOptions = ContextOptions.dbOptions(options, config, registry);
    CacheOptions cacheOptions = ContextOptions.cacheOptions(config);
    Metrics.addRegistry(registry);
    FirstHeadWatch firstHeads = new FirstHeadWatch(
        options.http().requestHeadTimeout().toNanos(), HttpVerticle.headTimeouts(registry),
        HttpVerticle.pipeliningCloses(registry), HttpVerticle.frameFloodCloses(registry));
    VertxBuilder builder = Vertx.builder()
        // One event loop per HTTP verticle, so that the database connections, spread over the
        // event loops (DbOptions.eventLoops), all sit on loops that serve requests.
        .with(new VertxOptions().setEventLoopPoolSize(options.instances())
            .setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                // Vert.x keys its metrics backends by this name: apps in one JVM (tests) sharing
                // the default one put their pool and JVM meters in the first app's registry.
                .setRegistryName("brisk-" + UUID.randomUUID())
                .setJvmMetricsEnabled(true)
                .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME))
                // Requests and statements are timed by Brisk's own cached meters (HttpMetrics,
                // brisk.db.query), cheaper per request: Vert.x's would time them twice.
                .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
                .addDisabledMetricsCategory(SQL_CLIENT_METRICS)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .withTransport(firstHeads.transport());
    VertxTracerFactory tracer = Tracing.factory(options.tracing());
    if (tracer != null) {
      builder.withTracer(tracer);
    }
    Vertx vertx = builder.build();
    BriskMetrics.bindNetty(registry);
    Redis redis = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(options.redisUrl())
        .setMaxPoolSize(options.redisPoolSize())
        .setMaxPoolWaiting(1024)
        // A fixed pool_name label: the default is a random UUID, new series on every start.
        .setPoolName("brisk-redis"));
    Db db = Db.create(vertx, dbOptions, redis);
    HealthChecks health = HealthChecks.create(
            config.getDuration("health-check-timeout", Duration.ofSeconds(2)))
        // On a connection of its own: on the pipelined client a SELECT 1 waited behind reads
        // blocked on a lock, on the pool for a connection held by a transaction blocked on one
        // (one locked table turned every instance unready).
        .register("postgres", true, db::ping)
        // No request needs Redis unless a feature says so (health.require("redis")): the cache
        // falls back to its in-process level while Redis is down.
        .register("redis", false, () -> redis.send(Request.cmd(Command.PING)).mapEmpty());
    if (!options.pgReplicaUrls().isEmpty()) {
      // Optional: reads fall back to the primary while replicas lag or are down.
      health.register("pg-replicas", false, () -> replicasInRotation(db));
    }
    Cache cache = Cache.create(vertx, redis, cacheOptions, registry);
    Throttle throttle = Throttle.create(redis, options.throttle(), options.auth().tiers(),
        registry, db::pressure, System::nanoTime);
    health.register("rate-limits", false, throttle::check);
    BriskContext context = new BriskContext(vertx, config, options, db, redis,
        RedisAPI.api(redis), health, registry,
        streamLimiter(options, registry, vertx, redis),
        cache, ContextOptions.pageOptions(config, registry), streamOptions, embedLimits);
    Promise<Void> started = Promise.promise();
    vertx.runOnContext(v -> {
      try {
        cache.start();
        reachable(db, options.pgUrl()).compose(x -> app.start(context)).onComplete(started);
      } catch (RuntimeException e) {
        started.fail(e);
      }
    });
    List<HttpVerticle> verticles = new ArrayList<>();
    Authenticator[] auth = new Authenticator[1];
    return started.future()
        .compose(v -> {
          // A key or token not cached yet costs a query or a signature check: it is charged to
          // its address's anonymous rate limit first, so random keys cannot flood the store.
          auth[0] = Authenticator.create(vertx, app.apiKeys(context), options.auth(), registry,
              throttle::charge);
          return auth[0].start();
        })
        .compose(v -> throttle.start())
        .compose(v -> vertx.deployVerticle(() -> {
          HttpVerticle verticle = new HttpVerticle(app, context, options, auth[0], throttle,
              firstHeads);
          synchronized (verticles) {
            verticles.add(verticle);
          }
          return verticle;
        }, new DeploymentOptions().setInstances(options.instances())))
        .<RunningBrisk>map(id -> new DefaultRunningBrisk(context, verticles.get(0).actualPort(),
            firstHeads))
        // The cache first, as a shutdown does: closing Vert.x under its subscription would log
        // a false "Cache lost its Redis subscription" after a start that failed for another reason.
        .recover(e -> cache.close().transform(x -> vertx.close())
            .transform(x -> Future.failedFuture(e)));
  }

  /**
   * Fails naming the store when the primary cannot be reached: the app's start (migrations, a
   * dataset) would otherwise fail with the driver's bare "Connection refused: /10.0.0.5:5432".
   */
  private static Future<Void> reachable(Db db, String pgUrl) {
    // The driver's pool, not Db's translated errors (written for clients, without the cause).
    return db.pool().query("SELECT 1").execute().<Void>mapEmpty().recover(e -> Future.failedFuture(
        new EnvironmentFailure("Cannot use PostgreSQL (BRISK_PG_URL=" + StoreUrls.redact(pgUrl)
            + "): " + e.getMessage() + ". Check that it is running and that the URL and its "
            + "credentials are right", e)));
  }

  /**
   * The app's stream limiter: per-caller counts shared through Redis like the rate limits
   * ({@code --rate-limit-store redis}, the default), per instance otherwise.
   */
  private static StreamLimiter streamLimiter(BriskOptions options, MeterRegistry registry,
      Vertx vertx, Redis redis) {
    StreamLimits limits = streamLimits(options);
    return options.throttle().rateLimits().shared()
        ? StreamLimiter.shared("streams", limits, options.auth().tiers(), registry, vertx, redis)
        : StreamLimiter.create("streams", limits, options.auth().tiers(), registry);
  }

  /**
   * The instance's stream caps: {@code options.streams()}, with at most one stream per
   * stream-pool connection, so an admitted stream never waits for one (and never misses its
   * deadline doing so); the excess is refused 503 before it takes anything. Logs a lowered cap.
   */
  static StreamLimits streamLimits(BriskOptions options) {
    StreamLimits limits = options.streams();
    if (limits.maxOpen() <= options.pgStreamPoolSize()) {
      return limits;
    }
    LOG.info("At most {} streams per instance, not {}: the stream pool (pg-stream-pool-size) has "
        + "{} connections", options.pgStreamPoolSize(), limits.maxOpen(),
        options.pgStreamPoolSize());
    return limits.withMaxOpen(options.pgStreamPoolSize());
  }

  /** Fails naming each replica out of rotation, so readiness shows which and why. */
  private static Future<Void> replicasInRotation(Db db) {
    List<String> out = db.replicas().stream().filter(r -> !r.isInRotation())
        .map(r -> r.name() + " " + r.state() + " (lag " + r.lag().toMillis() + " ms)").toList();
    return out.isEmpty() ? Future.succeededFuture()
        : Future.failedFuture(String.join("; ", out) + "; reads go to the primary");
  }

  /** {@link #start(BriskOptions, BriskConfig, Supplier)} with no app-specific settings. */
  public static Future<RunningBrisk> start(BriskOptions options, Supplier<BriskApp> appFactory) {
    return start(options, BriskConfig.of(java.util.Map.of()), appFactory);
  }

  private static <T> T await(Future<T> future, Duration timeout) {
    return await(future, timeout, "Startup");
  }

  /** {@code future}'s result; fails naming {@code step} when it does not come in time. */
  private static <T> T await(Future<T> future, Duration timeout, String step) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(step + " did not finish within " + timeout.toMillis()
          + " ms", e);
    } catch (Exception e) {
      throw new IllegalStateException(step + " did not complete: " + e, e);
    }
  }

  private static void awaitQuietly(Future<?> future, Duration timeout) {
    try {
      await(future, timeout, "Shutdown");
    } catch (RuntimeException e) {
      LOG.warn("Shutdown step failed: {}", e.getMessage());
    }
  }
}
