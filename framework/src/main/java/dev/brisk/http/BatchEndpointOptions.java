package dev.brisk.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Objects;

/**
 * Options for {@link BatchEndpoint}.
 *
 * <p>{@code BatchEndpointOptions.defaults().withMaxResponseBytes(256 * 1024)}
 *
 * @param maxRequests sub-requests allowed in one batch; more is 413; default 50
 * @param maxResponseBytes largest body of one sub-response; a larger one is replaced by a 413
 *     problem in place; default 1 MiB
 * @param maxTotalBytes largest sum of the sub-responses of one batch; each sub-response that would
 *     cross it is replaced by a 413 problem in place; default 16 MiB
 * @param maxBufferedBytes most bytes of the outer response held back so that a batch that fits
 *     is answered in one piece, with a {@code Content-Length} and a {@code Server-Timing} that
 *     counts every sub-request; a larger batch streams the rest and sends its
 *     {@code Server-Timing} as a trailer; 0 always streams; default 64 KiB
 * @param registry where {@code brisk.batch.endpoint.*} meters go
 */
public record BatchEndpointOptions(int maxRequests, long maxResponseBytes, long maxTotalBytes,
    long maxBufferedBytes, MeterRegistry registry) {

  /** Validates every option; errors name the bad value. */
  public BatchEndpointOptions {
    if (maxRequests < 1) {
      throw new IllegalArgumentException("maxRequests must be >= 1, was " + maxRequests);
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be >= 1, was "
          + maxResponseBytes);
    }
    if (maxTotalBytes < maxResponseBytes) {
      throw new IllegalArgumentException("maxTotalBytes must be >= maxResponseBytes ("
          + maxResponseBytes + "), was " + maxTotalBytes);
    }
    if (maxBufferedBytes < 0) {
      throw new IllegalArgumentException("maxBufferedBytes must be >= 0, was "
          + maxBufferedBytes);
    }
    Objects.requireNonNull(registry, "registry");
  }

  /**
   * 50 sub-requests, 1 MiB per sub-response, 16 MiB in all, 64 KiB held back, the global
   * registry.
   */
  public static BatchEndpointOptions defaults() {
    return new BatchEndpointOptions(50, 1 << 20, 16 << 20, 64 << 10, Metrics.globalRegistry);
  }

  /** Returns a copy with another maxRequests. */
  public BatchEndpointOptions withMaxRequests(int n) {
    return new BatchEndpointOptions(n, maxResponseBytes, maxTotalBytes, maxBufferedBytes,
        registry);
  }

  /** Returns a copy with another maxResponseBytes. */
  public BatchEndpointOptions withMaxResponseBytes(long n) {
    return new BatchEndpointOptions(maxRequests, n, maxTotalBytes, maxBufferedBytes, registry);
  }

  /** Returns a copy with another maxTotalBytes. */
  public BatchEndpointOptions withMaxTotalBytes(long n) {
    return new BatchEndpointOptions(maxRequests, maxResponseBytes, n, maxBufferedBytes,
        registry);
  }

  /** Returns a copy with another maxBufferedBytes. */
  public BatchEndpointOptions withMaxBufferedBytes(long n) {
    return new BatchEndpointOptions(maxRequests, maxResponseBytes, maxTotalBytes, n, registry);
  }

  /** Returns a copy with another registry. */
  public BatchEndpointOptions withRegistry(MeterRegistry r) {
    return new BatchEndpointOptions(maxRequests, maxResponseBytes, maxTotalBytes,
        maxBufferedBytes, r);
  }
}
