package dev.brisk.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How callers are identified: tiers, trusted proxies, API-key cache sizes and bearer tokens.
 * Immutable; validated when built.
 *
 * <p>{@code AuthOptions.defaults().withTrustedProxies(TrustedProxies.parse("10.0.0.0/8"))}
 *
 * @param tiers the tiers, lowest first; default {@code anonymous,free,pro,internal}
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed; default none
 * @param keyCacheTtl how long a key lookup (found or not) is cached: also how long a deleted key
 *     keeps working; default 30 s
 * @param keyCacheSize most known keys cached; default 10,000
 * @param negativeCacheSize most unknown keys remembered, so random keys cannot fill memory;
 *     default 10,000
 * @param jwt bearer-token verification; default off
 */
public record AuthOptions(Tiers tiers, TrustedProxies trustedProxies, Duration keyCacheTtl,
    long keyCacheSize, long negativeCacheSize, JwtOptions jwt) {

  /** Validates every option. */
  public AuthOptions {
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    Objects.requireNonNull(keyCacheTtl, "keyCacheTtl");
    if (keyCacheTtl.isNegative()) {
      throw new IllegalArgumentException("keyCacheTtl must be >= 0, was " + keyCacheTtl);
    }
    // One message per field, so that a startup error names the setting it came from.
    if (keyCacheSize < 1) {
      throw new IllegalArgumentException("keyCacheSize must be >= 1, was " + keyCacheSize);
    }
    if (negativeCacheSize < 1) {
      throw new IllegalArgumentException("negativeCacheSize must be >= 1, was "
          + negativeCacheSize);
    }
    Objects.requireNonNull(jwt, "jwt");
  }

  /** Default tiers, no trusted proxies, 30 s key cache, no bearer tokens. */
  public static AuthOptions defaults() {
    return new AuthOptions(Tiers.defaults(), TrustedProxies.none(), Duration.ofSeconds(30),
        10_000, 10_000, JwtOptions.disabled());
  }

  /** Returns a copy trusting {@code X-Forwarded-For} from these proxies. */
  public AuthOptions withTrustedProxies(TrustedProxies trustedProxies) {
    return new AuthOptions(tiers, trustedProxies, keyCacheTtl, keyCacheSize, negativeCacheSize,
        jwt);
  }

  /** Returns a copy with other bearer-token options. */
  public AuthOptions withJwt(JwtOptions jwt) {
    return new AuthOptions(tiers, trustedProxies, keyCacheTtl, keyCacheSize, negativeCacheSize,
        jwt);
  }

  /** Returns a copy with another key cache period. */
  public AuthOptions withKeyCacheTtl(Duration keyCacheTtl) {
    return new AuthOptions(tiers, trustedProxies, keyCacheTtl, keyCacheSize, negativeCacheSize,
        jwt);
  }
}
