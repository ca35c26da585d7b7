package dev.brisk.devservices;

import io.vertx.core.Context;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts what is not configured, in order PostgreSQL then Redis, inside one run directory; a
 * shutdown hook (registered before anything starts) and {@link #close()} stop both and delete it.
 */
final class DefaultDevServices implements DevServices {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultDevServices.class);

  private final Path run;
  private final Thread hook;
  private String pgUrl;
  private String redisUrl;
  private PostgresServer postgres;
  private RedisServer redis;
  private boolean closed;

  private DefaultDevServices(Path run, String pgUrl, String redisUrl) {
    this.run = run;
    this.pgUrl = pgUrl;
    this.redisUrl = redisUrl;
    this.hook = run == null ? null : new Thread(this::close, "brisk-devservices-shutdown");
  }

  static DevServices start(DevServicesOptions options) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("DevServices.start blocks; call it before deploying "
          + "verticles, not on an event loop");
    }
    String pg = options.setting(PG_URL_KEY);
    String redis = options.setting(REDIS_URL_KEY);
    DefaultDevServices services;
    if (pg != null && redis != null) {
      services = new DefaultDevServices(null, pg, redis);
    } else {
      StaleRuns.clean(options.stateDir());
      services = new DefaultDevServices(StateDirs.createRun(options.stateDir()), pg, redis);
      Runtime.getRuntime().addShutdownHook(services.hook);
      try {
        services.startMissing(options);
      } catch (RuntimeException e) {
        services.close();
        throw e;
      }
    }
    System.out.println(services.summary());
    LOG.info(services.summary());
    return services;
  }

  private void startMissing(DevServicesOptions options) {
    if (pgUrl == null) {
      Path bin;
      try {
        bin = Binaries.postgres(options);
      } catch (RuntimeException e) {
        throw PostgresServer.failure("no usable binaries: " + e.getMessage(), null, e);
      }
      adopt(PostgresServer.start(bin, run.resolve("pg"), options.startTimeout()));
    }
    if (redisUrl == null) {
      Path exe;
      try {
        exe = Binaries.redis(options);
      } catch (RuntimeException e) {
        throw RedisServer.failure("no usable binary: " + e.getMessage(), null);
      }
      adopt(RedisServer.start(exe, run.resolve("redis"), options.startTimeout(),
          handle -> StateDirs.recordProcess(run, "redis", handle)));
    }
  }

  private synchronized void adopt(PostgresServer server) {
    if (closed) {
      server.stop();
      throw new IllegalStateException("Dev services were closed while PostgreSQL started");
    }
    postgres = server;
    pgUrl = server.url();
  }

  private synchronized void adopt(RedisServer server) {
    if (closed) {
      server.stop();
      throw new IllegalStateException("Dev services were closed while Redis started");
    }
    redis = server;
    redisUrl = server.url();
  }

  /** The line printed once ready. */
  synchronized String summary() {
    return "Dev services: " + PG_URL_KEY + "=" + pgUrl + " " + REDIS_URL_KEY + "=" + redisUrl;
  }

  @Override
  public synchronized String pgUrl() {
    return pgUrl;
  }

  @Override
  public synchronized String redisUrl() {
    return redisUrl;
  }

  @Override
  public synchronized boolean startedPostgres() {
    return postgres != null;
  }

  @Override
  public synchronized boolean startedRedis() {
    return redis != null;
  }

  @Override
  public synchronized void close() {
    if (closed || run == null) {
      closed = true;
      return;
    }
    closed = true;
    boolean stopped = stopQuietly(redis == null ? null : redis::stop, "Redis")
        & stopQuietly(postgres == null ? null : postgres::stop, "PostgreSQL");
    if (!stopped) {
      // Keep the pid records: the first start after this JVM exits stops what is left.
      LOG.warn("Dev service processes survived close; leaving {} for the stale cleanup", run);
    } else if (!StateDirs.deleteTree(run)) {
      LOG.warn("Could not delete dev services directory {}", run);
    }
    if (Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook finds this instance closed.
      }
    }
  }

  private static boolean stopQuietly(BooleanSupplier stop, String name) {
    try {
      return stop == null || stop.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("Could not stop {} dev service", name, e);
      return false;
    }
  }

  /** The run directory, or null when nothing was started; for tests. */
  Path runDir() {
    return run;
  }

  /** The postmaster pid, or -1; for tests. */
  synchronized long postgresPid() {
    return postgres == null ? -1 : postgres.pid();
  }

  /** Where the PostgreSQL binaries came from, or null; for tests. */
  synchronized Path postgresBinDir() {
    return postgres == null ? null : postgres.bin();
  }

  /** The redis-server executable, or null; for tests. */
  synchronized Path redisExecutable() {
    return redis == null ? null : redis.executable();
  }

  /** The redis-server pid, or -1; for tests. */
  synchronized long redisPid() {
    return redis == null ? -1 : redis.pid();
  }
}
