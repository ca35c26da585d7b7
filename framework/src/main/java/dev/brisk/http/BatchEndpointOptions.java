package dev.brisk.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Objects;

/**
 * Options for {@link BatchEndpoint}.
 *
 * @param maxRequests sub-requests allowed in one batch; more is 413
 * @param registry where {@code brisk.batch.endpoint.*} meters go
 */
public record BatchEndpointOptions(int maxRequests, MeterRegistry registry) {

  public BatchEndpointOptions {
    if (maxRequests < 1) {
      throw new IllegalArgumentException("maxRequests must be >= 1, was " + maxRequests);
    }
    Objects.requireNonNull(registry, "registry");
  }

  /** 50 sub-requests, the global registry. */
  public static BatchEndpointOptions defaults() {
    return new BatchEndpointOptions(50, Metrics.globalRegistry);
  }

  public BatchEndpointOptions withMaxRequests(int n) {
    return new BatchEndpointOptions(n, registry);
  }

  public BatchEndpointOptions withRegistry(MeterRegistry r) {
    return new BatchEndpointOptions(maxRequests, r);
  }
}
