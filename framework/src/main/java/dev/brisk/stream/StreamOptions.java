package dev.brisk.stream;

import dev.brisk.internal.Durations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Objects;

/**
 * Options for {@link Streamer}.
 *
 * <p>{@code Streamer.create(StreamOptions.fromEnv().withHeartbeat(Duration.ofSeconds(5)))}
 *
 * @param heartbeat interval of SSE {@code event: heartbeat} records that keep idle connections
 *     (and proxies) alive
 * @param retry the SSE {@code retry:} hint: how long a browser waits before reconnecting
 * @param flushBytes buffered output written to the response once it reaches this size; smaller
 *     amounts are written at the end of each event-loop task, so every batch reaches the client
 * @param stallTimeout a client that reads nothing for this long while the response's write queue
 *     is full is cut off (its connection closed, its cursor released); default 30 s
 * @param registry where {@code brisk.stream.items} and {@code brisk.stream.completed} go
 */
public record StreamOptions(Duration heartbeat, Duration retry, int flushBytes,
    Duration stallTimeout, MeterRegistry registry) {

  /** Environment variable for {@link #heartbeat()} (ISO-8601 like {@code PT15S} or millis). */
  public static final String HEARTBEAT_ENV = "BRISK_SSE_HEARTBEAT";

  /** Environment variable for {@link #retry()}. */
  public static final String RETRY_ENV = "BRISK_SSE_RETRY";

  /** Environment variable for {@link #stallTimeout()}. */
  public static final String STALL_TIMEOUT_ENV = "BRISK_STREAM_STALL_TIMEOUT";

  /** Validates every option; errors name the bad value. */
  public StreamOptions {
    requirePositive("heartbeat", heartbeat);
    requirePositive("retry", retry);
    if (flushBytes < 1) {
      throw new IllegalArgumentException("flushBytes must be >= 1, was " + flushBytes);
    }
    requirePositive("stallTimeout", stallTimeout);
    Objects.requireNonNull(registry, "registry");
  }

  /**
   * Heartbeat every 15 s, {@code retry: 3000}, 16 KiB writes, stalled clients cut off after 30 s,
   * the global meter registry.
   */
  public static StreamOptions defaults() {
    return new StreamOptions(Duration.ofSeconds(15), Duration.ofSeconds(3), 16 * 1024,
        Duration.ofSeconds(30), Metrics.globalRegistry);
  }

  /**
   * {@link #defaults()} with {@code BRISK_SSE_HEARTBEAT}, {@code BRISK_SSE_RETRY} and
   * {@code BRISK_STREAM_STALL_TIMEOUT} applied.
   */
  public static StreamOptions fromEnv() {
    StreamOptions o = defaults();
    return o
        .withHeartbeat(Durations.parse(HEARTBEAT_ENV, System.getenv(HEARTBEAT_ENV), o.heartbeat))
        .withRetry(Durations.parse(RETRY_ENV, System.getenv(RETRY_ENV), o.retry))
        .withStallTimeout(Durations.parse(STALL_TIMEOUT_ENV, System.getenv(STALL_TIMEOUT_ENV),
            o.stallTimeout));
  }

  /** Returns a copy with another heartbeat. */
  public StreamOptions withHeartbeat(Duration d) {
    return new StreamOptions(d, retry, flushBytes, stallTimeout, registry);
  }

  /** Returns a copy with another retry. */
  public StreamOptions withRetry(Duration d) {
    return new StreamOptions(heartbeat, d, flushBytes, stallTimeout, registry);
  }

  /** Returns a copy with another flushBytes. */
  public StreamOptions withFlushBytes(int n) {
    return new StreamOptions(heartbeat, retry, n, stallTimeout, registry);
  }

  /** Returns a copy with another stallTimeout. */
  public StreamOptions withStallTimeout(Duration d) {
    return new StreamOptions(heartbeat, retry, flushBytes, d, registry);
  }

  /** Returns a copy with another registry. */
  public StreamOptions withRegistry(MeterRegistry r) {
    return new StreamOptions(heartbeat, retry, flushBytes, stallTimeout, r);
  }

  private static void requirePositive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
