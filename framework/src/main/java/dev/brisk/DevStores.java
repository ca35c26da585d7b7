package dev.brisk;

import java.util.Map;
import java.util.Objects;

/**
 * Throwaway stores an app started for itself because it was run without store URLs (dev
 * services). {@link Brisk#run(String[], java.util.function.Supplier, java.util.function.Supplier)}
 * decides whether to start them and stops them after the app has drained.
 *
 * <p>{@code DevStores.of(Map.of("BRISK_PG_URL", pgUrl, "BRISK_REDIS_URL", redisUrl), dev::close)}
 *
 * <p>Implementations are thread-safe.
 */
public interface DevStores extends AutoCloseable {

  /**
   * Settings the stores need, by environment variable name ({@code BRISK_PG_URL},
   * {@code BRISK_REDIS_URL}, ...). Their passwords are throwaway, so they may be shown.
   */
  Map<String, String> settings();

  /** Stops the stores; idempotent, never throws, blocking (not on an event loop). */
  @Override
  void close();

  /** Stores described by {@code settings} that {@code stop} shuts down. */
  static DevStores of(Map<String, String> settings, Runnable stop) {
    Map<String, String> copy = Map.copyOf(settings);
    Objects.requireNonNull(stop, "stop");
    return new DevStores() {
      @Override
      public Map<String, String> settings() {
        return copy;
      }

      @Override
      public void close() {
        stop.run();
      }
    };
  }
}
