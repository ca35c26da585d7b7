package dev.brisk.http;

import dev.brisk.db.Db;
import dev.brisk.db.DbOptions;
import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;
import dev.brisk.health.HealthChecks;
import dev.brisk.metrics.BriskMetrics;
import dev.brisk.metrics.Tracing;
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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Brisk app: dev services when no store URLs are configured, Vert.x with Prometheus
 * metrics, the database and Redis clients, the app's one-time start, then one HTTP verticle per
 * core. {@link #run} also installs graceful shutdown on SIGTERM/SIGINT: readiness turns DOWN, the
 * servers stop accepting and drain in-flight requests, then the pools close.
 *
 * <p>{@code public static void main(String[] args) { Brisk.run(args, ShopApp::new); }}
 */
public final class Brisk {

  private static final Logger LOG = LoggerFactory.getLogger(Brisk.class);

  private Brisk() {
  }

  /**
   * Runs the app from {@code main}: blocks while starting, exits the JVM with status 1 and a clear
   * message if startup fails, and stops gracefully on SIGTERM/SIGINT.
   */
  public static void run(String[] args, Supplier<BriskApp> app) {
    try {
      BriskConfig config = BriskConfig.from(args, System.getenv());
      DevServices dev = DevServices.start(devOptions(config));
      RunningBrisk running = await(start(config.with("pg-url", dev.pgUrl())
          .with("redis-url", dev.redisUrl()), app), Duration.ofMinutes(30));
      LOG.info("Brisk listening on port {}", running.port());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        LOG.info("Shutting down: draining in-flight requests");
        awaitQuietly(running.close(), Duration.ofSeconds(30));
        dev.close();
      }, "brisk-shutdown"));
    } catch (RuntimeException e) {
      LOG.error("Startup failed: {}", e.getMessage(), e);
      System.err.println("Brisk failed to start: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Starts the app with explicit configuration; {@code pg-url} and {@code redis-url} must be set.
   * Completes once every verticle listens. Used by tests and embedding code.
   */
  public static Future<RunningBrisk> start(BriskConfig config, Supplier<BriskApp> appFactory) {
    String pgUrl = require(config, "pg-url");
    String redisUrl = require(config, "redis-url");
    BriskSettings settings = BriskSettings.from(config);
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
    VertxTracerFactory tracer = Tracing.factory(config.get("tracing", "off"));
    if (tracer != null) {
      builder.withTracer(tracer);
    }
    Vertx vertx = builder.build();
    BriskMetrics.bindNetty(vertx, registry);
    Db db = Db.create(vertx, DbOptions.fromUrl(pgUrl)
        .withPoolSize(config.getInt("pg-pool-size", 16))
        .withStatementTimeout(settings.deadline())
        .withReplicaUrls(DbOptions.parseUrls(config.get("pg-replica-urls")))
        .withRegistry(registry));
    Redis redis = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(redisUrl)
        .setMaxPoolSize(config.getInt("redis-pool-size", 16))
        .setMaxPoolWaiting(1024));
    HealthChecks health = HealthChecks.create(Duration.ofSeconds(2))
        .register("postgres", true, () -> db.query("SELECT 1").mapEmpty())
        .register("redis", true, () -> redis.send(Request.cmd(Command.PING)).mapEmpty());
    BriskContext context = new BriskContext(vertx, config, db, redis, RedisAPI.api(redis), health,
        registry, pgUrl, redisUrl);
    BriskApp app = appFactory.get();
    Promise<Void> started = Promise.promise();
    vertx.runOnContext(v -> {
      try {
        app.start(context).onComplete(started);
      } catch (RuntimeException e) {
        started.fail(e);
      }
    });
    return started.future()
        .compose(v -> vertx.deployVerticle(() -> new HttpVerticle(app, context, settings),
            new DeploymentOptions().setInstances(settings.instances())))
        .<RunningBrisk>map(id -> new DefaultRunningBrisk(context, settings.port(), registry))
        .recover(e -> vertx.close().transform(x -> Future.failedFuture(e)));
  }

  private static DevServicesOptions devOptions(BriskConfig config) {
    Map<String, String> settings = new HashMap<>(DevServicesOptions.defaults().settings());
    putIfSet(settings, DevServices.PG_URL_KEY, config.get("pg-url"));
    putIfSet(settings, DevServices.REDIS_URL_KEY, config.get("redis-url"));
    return DevServicesOptions.defaults().withSettings(settings);
  }

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String require(BriskConfig config, String key) {
    String v = config.get(key);
    if (v == null) {
      throw new IllegalArgumentException("Missing setting " + key + " (env "
          + BriskConfig.envName(key) + ")");
    }
    return v;
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
