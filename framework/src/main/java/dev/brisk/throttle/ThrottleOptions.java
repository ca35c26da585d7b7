package dev.brisk.throttle;

import java.util.List;
import java.util.Objects;

/**
 * Rate limits and adaptive concurrency for one app; {@code /health/*} and {@code /metrics} are
 * never limited nor shed.
 *
 * <p>{@code ThrottleOptions.defaults().withRateLimits(RateLimitOptions.defaults()
 * .withShared(false))}
 *
 * @param rateLimits per-caller token buckets by tier
 * @param concurrency the adaptive concurrency limit and its queue
 * @param exemptPaths path prefixes never limited nor shed; default {@code /health/},
 *     {@code /metrics}
 */
public record ThrottleOptions(RateLimitOptions rateLimits, ConcurrencyOptions concurrency,
    List<String> exemptPaths) {

  /** Validates the options. */
  public ThrottleOptions {
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(concurrency, "concurrency");
    exemptPaths = List.copyOf(exemptPaths);
  }

  /** API.md's limits, shared through Redis, and the default concurrency limit. */
  public static ThrottleOptions defaults() {
    return new ThrottleOptions(RateLimitOptions.defaults(), ConcurrencyOptions.defaults(),
        List.of("/health/", "/metrics"));
  }

  /** Nothing limited, nothing shed. */
  public static ThrottleOptions off() {
    ThrottleOptions d = defaults();
    return new ThrottleOptions(d.rateLimits.withEnabled(false),
        d.concurrency.withEnabled(false), d.exemptPaths);
  }

  /** Returns a copy with these rate limits. */
  public ThrottleOptions withRateLimits(RateLimitOptions rateLimits) {
    return new ThrottleOptions(rateLimits, concurrency, exemptPaths);
  }

  /** Returns a copy with this concurrency limit. */
  public ThrottleOptions withConcurrency(ConcurrencyOptions concurrency) {
    return new ThrottleOptions(rateLimits, concurrency, exemptPaths);
  }

  /**
   * Whether {@code path} is never limited nor shed; give the normalized path (dot segments
   * resolved, as the router matches it) or a route template.
   */
  boolean isExempt(String path) {
    for (String prefix : exemptPaths) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
