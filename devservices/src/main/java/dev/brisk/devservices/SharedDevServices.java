package dev.brisk.devservices;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holder of the JVM-wide {@link DevServices#shared()} instance: configured stores when both URLs
 * are set, else both started lazily under a lock and stopped only by their shutdown hook
 * (callers get a view whose {@code close()} does nothing).
 */
final class SharedDevServices {

  /** System property that overrides {@code BRISK_PG_URL}. */
  static final String PG_URL_PROPERTY = "brisk.pg.url";

  /** System property that overrides {@code BRISK_REDIS_URL}. */
  static final String REDIS_URL_PROPERTY = "brisk.redis.url";

  private static final Logger LOG = LoggerFactory.getLogger(SharedDevServices.class);

  private static DevServices instance;
  private static RuntimeException failure;

  private SharedDevServices() {}

  static synchronized DevServices get() {
    if (instance != null) {
      return instance;
    }
    if (failure != null) {
      throw new IllegalStateException("Shared dev services failed to start earlier: "
          + failure.getMessage(), failure);
    }
    try {
      // Test suites write a lot and never survive a crash on purpose: the fast mode.
      instance = resolve(settings(), () -> DevServices.start(DevServicesOptions.defaults()
          .withDurable(false)));
      return instance;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** The environment, overridden by the system properties {@code brisk.pg.url} / redis. */
  static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>(System.getenv());
    copyProperty(PG_URL_PROPERTY, DevServices.PG_URL_KEY, settings);
    copyProperty(REDIS_URL_PROPERTY, DevServices.REDIS_URL_KEY, settings);
    return settings;
  }

  /**
   * Both URLs set: those stores. Neither: what {@code starter} starts, unclosable. Exactly one:
   * an error naming the missing variable (and never the value of the other).
   */
  static DevServices resolve(Map<String, String> settings, Supplier<DevServices> starter) {
    String pg = value(settings, DevServices.PG_URL_KEY);
    String redis = value(settings, DevServices.REDIS_URL_KEY);
    if (pg != null && redis != null) {
      LOG.info("Using configured stores {}={} {}={}", DevServices.PG_URL_KEY, Secrets.mask(pg),
          DevServices.REDIS_URL_KEY, Secrets.mask(redis));
      return new Configured(pg, redis);
    }
    if (pg != null || redis != null) {
      String missing = pg == null ? DevServices.PG_URL_KEY : DevServices.REDIS_URL_KEY;
      String present = pg == null ? DevServices.REDIS_URL_KEY : DevServices.PG_URL_KEY;
      throw new IllegalStateException("Missing " + missing + ": " + present + " is set, so "
          + "dev services start nothing. Set " + missing + " too, or unset " + present
          + " to start throwaway stores");
    }
    return new Unclosable(starter.get());
  }

  private static String value(Map<String, String> settings, String key) {
    String value = settings.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static void copyProperty(String property, String key, Map<String, String> settings) {
    String value = System.getProperty(property);
    if (value != null && !value.isBlank()) {
      settings.put(key, value);
    }
  }

  /** Stores the user runs; nothing to stop. */
  private record Configured(String pgUrl, String redisUrl) implements DevServices {
    @Override
    public Map<String, String> settings() {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put(PG_URL_KEY, pgUrl);
      settings.put(REDIS_URL_KEY, redisUrl);
      return Collections.unmodifiableMap(settings);
    }

    @Override
    public void close() {
      // Not ours to stop.
    }

    @Override
    public String toString() {
      return "Configured[" + Secrets.mask(pgUrl) + ", " + Secrets.mask(redisUrl) + "]";
    }
  }

  /** Delegates everything but {@code close()}, which the shutdown hook does at JVM exit. */
  private record Unclosable(DevServices delegate) implements DevServices {
    @Override
    public String pgUrl() {
      return delegate.pgUrl();
    }

    @Override
    public String redisUrl() {
      return delegate.redisUrl();
    }

    @Override
    public String pgReplicaUrl() {
      return delegate.pgReplicaUrl();
    }

    @Override
    public Map<String, String> settings() {
      return delegate.settings();
    }

    @Override
    public void close() {
      // Shared by every test class in the JVM; stopped by the shutdown hook.
    }
  }
}
