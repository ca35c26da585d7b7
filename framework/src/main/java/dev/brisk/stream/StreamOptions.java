package dev.brisk.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Objects;

/**
 * Options for {@link Streamer}.
 *
 * <p>{@code Streamer.create(StreamOptions.defaults().withHeartbeat(Duration.ofSeconds(5)))}; an
 * app's are {@code BriskContext.streamOptions()}, from its settings {@code --sse-heartbeat},
 * {@code --sse-retry} and {@code --stream-stall-timeout}.
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
