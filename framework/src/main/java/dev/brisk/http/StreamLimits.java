package dev.brisk.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How many streaming requests (exports, SSE, uploads) may run at once on one instance.
 *
 * <p>{@code StreamLimits.defaults().withMaxPerCaller(4)}
 *
 * @param maxOpen streams open at once on this instance, all callers together; one more is
 *     refused with 503; default 64 (Brisk lowers it to {@code --pg-stream-pool-size}, so every
 *     admitted stream has a connection); callers of a tier are admitted only while fewer than its
 *     share are open: half for the lowest tier, rising evenly to all of them for the highest
 * @param maxPerCaller streams open at once per caller ({@code Caller.scope()}); one more is refused
 *     with 429; default 16
 * @param exemptTier callers of this tier or above have no per-caller cap (the global one still
 *     applies); {@code null} exempts nobody; default {@code internal}
 * @param retryAfter the {@code Retry-After} of a refusal; default 1 s
 */
public record StreamLimits(int maxOpen, int maxPerCaller, String exemptTier, Duration retryAfter) {

  /** Validates every option; errors name the bad value. */
  public StreamLimits {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpen must be >= 1, was " + maxOpen);
    }
    if (maxPerCaller < 1) {
      throw new IllegalArgumentException("maxPerCaller must be >= 1, was " + maxPerCaller);
    }
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must be >= 0, was " + retryAfter);
    }
  }

  /** 64 streams per instance, 16 per caller below the {@code internal} tier, retry after 1 s. */
  public static StreamLimits defaults() {
    return new StreamLimits(64, 16, "internal", Duration.ofSeconds(1));
  }

  /** Returns a copy with another maxOpen. */
  public StreamLimits withMaxOpen(int n) {
    return new StreamLimits(n, maxPerCaller, exemptTier, retryAfter);
  }

  /** Returns a copy with another maxPerCaller. */
  public StreamLimits withMaxPerCaller(int n) {
    return new StreamLimits(maxOpen, n, exemptTier, retryAfter);
  }

  /** Returns a copy exempting {@code tier} and above from the per-caller cap (null: nobody). */
  public StreamLimits withExemptTier(String tier) {
    return new StreamLimits(maxOpen, maxPerCaller, tier, retryAfter);
  }
}
