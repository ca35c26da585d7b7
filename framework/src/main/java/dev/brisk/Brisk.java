package dev.brisk;

import dev.brisk.auth.Authenticator;
import dev.brisk.db.Db;
import dev.brisk.db.DbOptions;
import dev.brisk.health.HealthChecks;
import dev.brisk.metrics.BriskMetrics;
import dev.brisk.metrics.Tracing;
import dev.brisk.http.StreamLimiter;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Brisk app: Vert.x with Prometheus metrics, the database and Redis clients, the app's
 * one-time start, then one HTTP verticle per core. {@link #run} also starts dev services when the
 * app is run without store URLs, and installs graceful shutdown on SIGTERM/SIGINT: readiness
 * turns DOWN, the servers stop accepting and drain in-flight requests, the pools close, and only
 * then are dev services stopped.
 *
 * <p>{@code public static void main(String[] args) { Brisk.run(args, ShopApp::new); }}
 */
public final class Brisk {

  private static final Logger LOG = LoggerFactory.getLogger(Brisk.class);

  private Brisk() {
  }

  /**
   * Runs the app from {@code main} against the stores named by {@code BRISK_PG_URL} and
   * {@code BRISK_REDIS_URL}: blocks while starting, exits the JVM with status 1 and a clear
   * message if startup fails, and stops gracefully on SIGTERM/SIGINT.
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
    AtomicReference<DevStores> dev = new AtomicReference<>();
    AtomicReference<RunningBrisk> running = new AtomicReference<>();
    // Installed before anything starts, so Ctrl-C during a long dataset load still stops the
    // throwaway stores; they stop only after the app has drained.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running.get(), dev.get()),
        "brisk-shutdown"));
    try {
      BriskConfig config = BriskConfig.from(args, System.getenv());
      if (DevStorePolicy.shouldStart(config, devStores != null)) {
        dev.set(devStores.get());
        config = DevStorePolicy.apply(config, dev.get());
        System.out.println("Dev services: " + DevStorePolicy.describe(dev.get()));
      }
      running.set(await(start(BriskOptions.from(config), config, app), Duration.ofMinutes(30)));
      LOG.info("Brisk listening on {}:{}", running.get().options().host(), running.get().port());
    } catch (RuntimeException e) {
      LOG.error("Startup failed: {}", e.getMessage(), e);
      System.err.println("Brisk failed to start: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void stop(RunningBrisk running, DevStores dev) {
    if (running != null) {
      LOG.info("Shutting down: draining in-flight requests");
      awaitQuietly(running.close(), running.options().drainTimeout().plusSeconds(20));
    }
    if (dev != null) {
      dev.close();
    }
  }

  /**
   * Starts the app with explicit options; {@code config} holds the app's own settings (read
   * through {@link BriskContext#config()}). Completes once every verticle listens; the handle
   * reports the real port when {@code options.port()} is 0. Used by tests and embedding code.
   */
  public static Future<RunningBrisk> start(BriskOptions options, BriskConfig config,
      Supplier<BriskApp> appFactory) {
    PrometheusMeterRegistry registry = BriskMetrics.prometheus();
    Metrics.addRegistry(registry);
    VertxBuilder builder = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME))
            // Requests are timed by Brisk's own cached meters (HttpMetrics), cheaper per request.
            .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)))
        .withMetrics(new MicrometerMetricsFactory(registry));
    VertxTracerFactory tracer = Tracing.factory(options.tracing());
    if (tracer != null) {
      builder.withTracer(tracer);
    }
    Vertx vertx = builder.build();
    BriskMetrics.bindNetty(registry);
    Db db = Db.create(vertx, DbOptions.fromUrl(options.pgUrl())
        .withPoolSize(options.pgPoolSize())
        .withStreamPoolSize(options.pgStreamPoolSize())
        .withStatementTimeout(options.http().deadline())
        .withReplicaUrls(options.pgReplicaUrls())
        .withRegistry(registry));
    Redis redis = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(options.redisUrl())
        .setMaxPoolSize(options.redisPoolSize())
        .setMaxPoolWaiting(1024));
    HealthChecks health = HealthChecks.create(Duration.ofSeconds(2))
        .register("postgres", true, () -> db.query("SELECT 1").mapEmpty())
        .register("redis", true, () -> redis.send(Request.cmd(Command.PING)).mapEmpty());
    BriskContext context = new BriskContext(vertx, config, options, db, redis,
        RedisAPI.api(redis), health, registry,
        StreamLimiter.create("streams", options.streams(), options.auth().tiers(), registry));
    BriskApp app = appFactory.get();
    Promise<Void> started = Promise.promise();
    vertx.runOnContext(v -> {
      try {
        app.start(context).onComplete(started);
      } catch (RuntimeException e) {
        started.fail(e);
      }
    });
    List<HttpVerticle> verticles = new ArrayList<>();
    Authenticator[] auth = new Authenticator[1];
    return started.future()
        .compose(v -> {
          auth[0] = Authenticator.create(vertx, app.apiKeys(context), options.auth(), registry);
          return auth[0].start();
        })
        .compose(v -> vertx.deployVerticle(() -> {
          HttpVerticle verticle = new HttpVerticle(app, context, options, auth[0]);
          synchronized (verticles) {
            verticles.add(verticle);
          }
          return verticle;
        }, new DeploymentOptions().setInstances(options.instances())))
        .<RunningBrisk>map(id -> new DefaultRunningBrisk(context, verticles.get(0).actualPort()))
        .recover(e -> vertx.close().transform(x -> Future.failedFuture(e)));
  }

  /** {@link #start(BriskOptions, BriskConfig, Supplier)} with no app-specific settings. */
  public static Future<RunningBrisk> start(BriskOptions options, Supplier<BriskApp> appFactory) {
    return start(options, BriskConfig.of(java.util.Map.of()), appFactory);
  }

  private static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (Exception e) {
      throw new IllegalStateException("Startup did not complete: " + e, e);
    }
  }

  private static void awaitQuietly(Future<?> future, Duration timeout) {
    try {
      await(future, timeout);
    } catch (RuntimeException e) {
      LOG.warn("Shutdown step failed: {}", e.getMessage());
    }
  }
}
