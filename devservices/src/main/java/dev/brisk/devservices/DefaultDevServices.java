package dev.brisk.devservices;

import io.vertx.core.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Redis then PostgreSQL inside one run (see {@link StateDirs}); {@link #close()}, and the
 * shutdown hook if the options ask for one (registered before anything starts), stop both and
 * delete the run's directories.
 */
final class DefaultDevServices implements DevServices {

  /** The replica's directory in the run's home (the primary's is {@code pg}). */
  static final String REPLICA_DIR = "replica";
  private static final Logger LOG = LoggerFactory.getLogger(DefaultDevServices.class);
  private static final String CURSOR_KEY_FILE = "cursor-key";

  private final StateDirs.Run run;
  private final Thread hook;
  private final Duration startTimeout;
  private String cursorKey;
  private PostgresServer postgres;
  private PostgresServer replica;
  private RedisServer redis;
  private FakeCarrier carrier;
  private boolean closed;

  private DefaultDevServices(StateDirs.Run run, boolean hook, Duration startTimeout) {
    this.run = run;
    this.startTimeout = startTimeout;
    this.hook = hook ? new Thread(this::close, "brisk-devservices-shutdown") : null;
  }

  static DevServices start(DevServicesOptions options) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("DevServices.start blocks; call it before deploying "
          + "verticles, not on an event loop");
    }
    StateDirs.open(options.stateDir());
    RunAs runAs = RunAs.detect();
    StaleRuns.clean(options.stateDir());
    DefaultDevServices services = new DefaultDevServices(
        StateDirs.createRun(options.stateDir(), runAs), options.shutdownHook(),
        options.startTimeout());
    if (services.hook != null) {
      Runtime.getRuntime().addShutdownHook(services.hook);
    }
    try {
      services.cursorKey = cursorKey(services.run);
      services.startBoth(options, runAs);
      if (options.carrier()) {
        services.adopt(FakeCarrier.start());
      }
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
    LOG.debug("Dev services ready: {}={} {}={} {}={}", PG_URL_KEY,
        Secrets.mask(services.pgUrl()), REDIS_URL_KEY, Secrets.mask(services.redisUrl()),
        PG_REPLICA_URLS_KEY, Secrets.mask(services.pgReplicaUrl()));
    return services;
  }

  /**
   * One cursor signing key per run, kept in the run's private records (0600) beside the store
   * passwords, so every instance joined to these stores verifies the others' cursors.
   */
  private static String cursorKey(StateDirs.Run run) {
    String key = Secrets.password() + Secrets.password();
    try {
      StateDirs.writePrivate(run.records().resolve(CURSOR_KEY_FILE), key + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the cursor key into " + run.records(), e);
    }
    return key;
  }

  private void startBoth(DevServicesOptions options, RunAs runAs) {
    Path binCache = StateDirs.binCache(options.stateDir());
    BinaryCheck redisBin;
    try {
      redisBin = reachable(Binaries.redis(options, binCache), runAs);
    } catch (RuntimeException e) {
      throw RedisServer.failure("no usable binary: " + e.getMessage(), null);
    }
    adopt(RedisServer.start(redisBin, run.home().resolve("redis"), run.records(), runAs,
        options.startTimeout(), handle -> StateDirs.recordProcess(run.records(), "redis",
            handle)));
    BinaryCheck pgBin;
    try {
      pgBin = reachable(Binaries.postgres(options, binCache), runAs);
    } catch (RuntimeException e) {
      throw PostgresServer.failure("no usable binaries: " + e.getMessage(), null, e);
    }
    PostgresReplica standby = options.replica() ? new PostgresReplica(pgBin,
        run.home().resolve(REPLICA_DIR), run.records(), runAs) : null;
    adopt(PostgresServer.start(pgBin, run.home().resolve("pg"), run.records(), runAs,
        options.startTimeout(), options.durable(),
        standby == null ? data -> { } : standby::prepareSource,
        handle -> StateDirs.recordProcess(run.records(), "postgres", handle)));
    if (standby != null) {
      adoptReplica(standby.start(postgres, options.startTimeout(), options.durable(),
          handle -> StateDirs.recordProcess(run.records(), "replica", handle)));
    }
  }

  private synchronized void adoptReplica(PostgresServer server) {
    if (closed) {
      server.stop();
      throw new IllegalStateException("Dev services were closed while the replica started");
    }
    replica = server;
  }

  /** Bundled binaries live in our private state dir; another account runs a copy of them. */
  private BinaryCheck reachable(BinaryCheck bin, RunAs runAs) {
    return runAs.drops() ? bin.copyInto(run.home()) : bin;
  }

  private synchronized void adopt(PostgresServer server) {
    if (closed) {
      server.stop();
      throw new IllegalStateException("Dev services were closed while PostgreSQL started");
    }
    postgres = server;
  }

  private synchronized void adopt(RedisServer server) {
    if (closed) {
      server.stop();
      throw new IllegalStateException("Dev services were closed while Redis started");
    }
    redis = server;
  }

  private synchronized void adopt(FakeCarrier started) {
    if (closed) {
      started.close();
      throw new IllegalStateException("Dev services were closed while the fake carrier started");
    }
    carrier = started;
  }

  @Override
  public synchronized String pgUrl() {
    return postgres == null ? null : postgres.url();
  }

  @Override
  public synchronized String redisUrl() {
    return redis == null ? null : redis.url();
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(PG_URL_KEY, pgUrl());
    settings.put(REDIS_URL_KEY, redisUrl());
    synchronized (this) {
      if (carrier != null) {
        settings.put(CARRIER_URL_KEY, carrier.url());
      }
      if (replica != null) {
        settings.put(PG_REPLICA_URLS_KEY, replica.url());
      }
      settings.put(CURSOR_KEYS_KEY, cursorKey);
    }
    return Collections.unmodifiableMap(settings);
  }

  @Override
  public synchronized String pgReplicaUrl() {
    return replica == null ? null : replica.url();
  }

  @Override
  public synchronized void stopReplica() {
    requireReplica();
    if (!replica.stop()) {
      throw new IllegalStateException("The replica did not stop");
    }
  }

  @Override
  public synchronized void startReplica() {
    requireReplica();
    replica.restart(startTimeout, handle -> StateDirs.recordProcess(run.records(), "replica",
        handle));
  }

  private void requireReplica() {
    if (closed || replica == null) {
      throw new IllegalStateException("Dev services are closed or started no replica "
          + "(DevServicesOptions.withReplica(true))");
    }
  }

  @Override
  public synchronized Optional<ProcessHandle> postgresProcess() {
    return postgres == null ? Optional.empty() : Optional.ofNullable(postgres.postmaster());
  }

  @Override
  public synchronized void restartPostgres() {
    if (closed || postgres == null) {
      throw new IllegalStateException("Dev services are closed or PostgreSQL never started");
    }
    postgres.restart(startTimeout, handle -> StateDirs.recordProcess(run.records(), "postgres",
        handle));
  }

  @Override
  public synchronized Optional<ProcessHandle> redisProcess() {
    return redis == null ? Optional.empty() : Optional.of(redis.handle());
  }

  @Override
  public synchronized void restartRedis() {
    if (closed || redis == null) {
      throw new IllegalStateException("Dev services are closed or Redis never started");
    }
    redis.restart(startTimeout, handle -> StateDirs.recordProcess(run.records(), "redis",
        handle));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (carrier != null) {
      carrier.close();
    }
    // The replica first: the primary's fast shutdown would otherwise wait for its WAL sender.
    boolean stopped = stopQuietly(redis == null ? null : redis::stop, "Redis")
        & stopQuietly(replica == null ? null : replica::stop, "PostgreSQL replica")
        & stopQuietly(postgres == null ? null : postgres::stop, "PostgreSQL");
    if (!stopped) {
      // Keep the records: the first start after this JVM exits stops what is left.
      LOG.warn("Dev service processes survived close; leaving {} for the stale cleanup",
          run.records());
    } else if (!StateDirs.deleteRun(run)) {
      LOG.warn("Could not delete dev services directories {} and {}", run.records(), run.home());
    }
    if (hook != null && Thread.currentThread() != hook) {
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

  /** The run's directories; for tests. */
  StateDirs.Run run() {
    return run;
  }

  /** The shutdown hook, or null when the options asked for none; for tests. */
  Thread hook() {
    return hook;
  }

  /** The postmaster pid, or -1; for tests. */
  synchronized long postgresPid() {
    return postgres == null ? -1 : postgres.pid();
  }

  /** Where the PostgreSQL binaries came from, or null; for tests. */
  synchronized Path postgresBinDir() {
    return postgres == null ? null : postgres.bin().path();
  }

  /** The redis-server executable, or null; for tests. */
  synchronized Path redisExecutable() {
    return redis == null ? null : redis.executable().path();
  }

  /** The redis-server pid, or -1; for tests. */
  synchronized long redisPid() {
    return redis == null ? -1 : redis.pid();
  }
}
