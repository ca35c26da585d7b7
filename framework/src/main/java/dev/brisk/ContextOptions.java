package dev.brisk;

import dev.brisk.fields.EmbedLimits;
import dev.brisk.page.PageOptions;
import dev.brisk.stream.StreamOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The capability options {@link BriskContext} hands to the app, read from its settings at startup;
 * a bad value fails naming the option. Stateless.
 */
final class ContextOptions {

  private ContextOptions() {
  }

  /**
   * Cursor signing keys from {@code BRISK_CURSOR_KEYS} (the environment only); without them
   * (tests, embedding) the process's random key, with a warning. See docs/scale-out.md.
   */
  static PageOptions pageOptions(BriskConfig config, MeterRegistry registry) {
    try {
      return PageOptions.defaults()
          .withKeys(PageOptions.keysFrom(config.get(DevStorePolicy.CURSOR_KEYS)))
          .withRegistry(registry);
    } catch (IllegalArgumentException e) {
      // "cursor key #1 has 2 bytes" alone does not say where the keys came from.
      throw new IllegalArgumentException(BriskConfig.envName(DevStorePolicy.CURSOR_KEYS) + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * {@code --sse-heartbeat} (15 s), {@code --sse-retry} (3 s) and {@code --stream-stall-timeout}
   * (30 s), each positive; see docs/streaming.md.
   */
  static StreamOptions streamOptions(BriskConfig config, MeterRegistry registry) {
    StreamOptions defaults = StreamOptions.defaults();
    return defaults
        .withHeartbeat(positive("sse-heartbeat",
            config.getDuration("sse-heartbeat", defaults.heartbeat())))
        .withRetry(positive("sse-retry", config.getDuration("sse-retry", defaults.retry())))
        .withStallTimeout(positive("stream-stall-timeout",
            config.getDuration("stream-stall-timeout", defaults.stallTimeout())))
        .withRegistry(registry);
  }

  /**
   * {@code --embed-max-per-parent} (100) and {@code --max-rows-per-request} (50,000), each at
   * least 1; see docs/fields.md.
   */
  static EmbedLimits embedLimits(BriskConfig config) {
    EmbedLimits defaults = EmbedLimits.defaults();
    return new EmbedLimits(
        (int) atLeastOne("embed-max-per-parent",
            config.getInt("embed-max-per-parent", defaults.maxPerParent())),
        atLeastOne("max-rows-per-request",
            config.getLong("max-rows-per-request", defaults.maxRows())));
  }

  private static Duration positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
    return value;
  }

  private static long atLeastOne(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be >= 1, was " + value);
    }
    return value;
  }
}
