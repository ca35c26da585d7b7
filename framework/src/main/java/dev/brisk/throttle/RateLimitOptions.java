package dev.brisk.throttle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rate limits per caller: each tier's bandwidths (an empty list means unlimited), optional costs
 * per route, and where the buckets live.
 *
 * <p>{@code RateLimitOptions.defaults().withTiers(RateLimitOptions.parseTiers("free=10/s:20"))}
 *
 * @param enabled whether requests are rate limited at all; default true
 * @param tiers bandwidths by tier name; a tier not listed, or listed empty, is unlimited
 * @param routeCosts cost of one request by {@code "METHOD /path/template"}; default 1
 * @param shared true: buckets in Redis, one budget for every instance; false: per instance
 * @param redisTimeout how long one Redis call may take before the breaker opens; default 100 ms
 * @param redisRetry how long the breaker stays open before Redis is probed again; default 1 s
 * @param maxLocalKeys callers kept in per-instance buckets; default 100,000
 * @param leaseTime shared buckets: how long a local allowance (tokens charged to Redis in one
 *     call, spent on this instance) lives; zero: one Redis call per request; default 100 ms
 * @param leaseShare shared buckets: the share of a caller's burst all instances' allowances may
 *     hold together; a tier whose share is under two requests is decided per request; default
 *     0.05
 */
public record RateLimitOptions(boolean enabled, Map<String, List<Bandwidth>> tiers,
    Map<String, Integer> routeCosts, boolean shared, Duration redisTimeout, Duration redisRetry,
    int maxLocalKeys, Duration leaseTime, double leaseShare) {

  /** API.md: anonymous 50/s burst 100, free 10/s burst 20, pro 200/s burst 400, internal none. */
  public static final String DEFAULT_TIERS =
      "anonymous=50/s:100;free=10/s:20;pro=200/s:400;internal=unlimited";

  /** Validates the options. */
  public RateLimitOptions {
    Map<String, List<Bandwidth>> copy = new LinkedHashMap<>();
    tiers.forEach((name, list) -> copy.put(name, List.copyOf(list)));
    tiers = Map.copyOf(copy);
    routeCosts = Map.copyOf(routeCosts);
    routeCosts.forEach((route, cost) -> {
      if (cost < 0) {
        throw new IllegalArgumentException("cost of " + route + " must be >= 0, was " + cost);
      }
    });
    Objects.requireNonNull(redisTimeout, "redisTimeout");
    Objects.requireNonNull(redisRetry, "redisRetry");
    if (redisTimeout.isZero() || redisTimeout.isNegative()) {
      throw new IllegalArgumentException("redisTimeout must be > 0, was " + redisTimeout);
    }
    Objects.requireNonNull(leaseTime, "leaseTime");
    if (leaseTime.isNegative()) {
      throw new IllegalArgumentException("leaseTime must be >= 0, was " + leaseTime);
    }
    if (!(leaseShare >= 0 && leaseShare < 1)) {
      throw new IllegalArgumentException("leaseShare must be in [0, 1), was " + leaseShare);
    }
    if (maxLocalKeys < 1) {
      throw new IllegalArgumentException("maxLocalKeys must be >= 1, was " + maxLocalKeys);
    }
  }

  /** API.md's tiers, shared through Redis. */
  public static RateLimitOptions defaults() {
    return new RateLimitOptions(true, parseTiers(DEFAULT_TIERS), Map.of(), true,
        Duration.ofMillis(100), Duration.ofSeconds(1), 100_000, Duration.ofMillis(100), 0.05);
  }

  /**
   * Parses {@code tier=BANDWIDTH[,BANDWIDTH...];tier=...}, each bandwidth as
   * {@link Bandwidth#parse}; {@code unlimited} for none. Example:
   * {@code free=10/s:20,1000/h;pro=200/s:400;internal=unlimited}.
   */
  public static Map<String, List<Bandwidth>> parseTiers(String text) {
    Map<String, List<Bandwidth>> tiers = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("rate limit must look like tier=10/s:20, was '"
            + entry.trim() + "'");
      }
      List<Bandwidth> list = new ArrayList<>();
      String spec = entry.substring(eq + 1).trim();
      if (!spec.equals("unlimited")) {
        for (String b : spec.split(",")) {
          list.add(Bandwidth.parse(b));
        }
      }
      tiers.put(entry.substring(0, eq).trim(), list);
    }
    return tiers;
  }

  /** Parses {@code METHOD /path=cost;...}, e.g. {@code POST /api/orders=5}. */
  public static Map<String, Integer> parseCosts(String text) {
    Map<String, Integer> costs = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      int eq = entry.lastIndexOf('=');
      if (entry.isBlank()) {
        continue;
      }
      if (eq < 1) {
        throw new IllegalArgumentException("route cost must look like POST /api/orders=5, was '"
            + entry.trim() + "'");
      }
      costs.put(entry.substring(0, eq).trim(), Integer.parseInt(entry.substring(eq + 1).trim()));
    }
    return costs;
  }

  /** The bandwidths of {@code tier}; empty when it is unlimited. */
  public List<Bandwidth> bandwidths(String tier) {
    return tiers.getOrDefault(tier, List.of());
  }

  /** Returns a copy with these tiers. */
  public RateLimitOptions withTiers(Map<String, List<Bandwidth>> tiers) {
    return new RateLimitOptions(enabled, tiers, routeCosts, shared, redisTimeout, redisRetry,
        maxLocalKeys, leaseTime, leaseShare);
  }

  /** Returns a copy with per-instance ({@code false}) or Redis-shared buckets. */
  public RateLimitOptions withShared(boolean shared) {
    return new RateLimitOptions(enabled, tiers, routeCosts, shared, redisTimeout, redisRetry,
        maxLocalKeys, leaseTime, leaseShare);
  }

  /** Returns a copy that limits ({@code true}) or lets everything through. */
  public RateLimitOptions withEnabled(boolean enabled) {
    return new RateLimitOptions(enabled, tiers, routeCosts, shared, redisTimeout, redisRetry,
        maxLocalKeys, leaseTime, leaseShare);
  }

  /** Returns a copy whose shared buckets lend local allowances of at most this life and share. */
  public RateLimitOptions withLeases(Duration leaseTime, double leaseShare) {
    return new RateLimitOptions(enabled, tiers, routeCosts, shared, redisTimeout, redisRetry,
        maxLocalKeys, leaseTime, leaseShare);
  }

  /** Returns a copy with these route costs. */
  public RateLimitOptions withRouteCosts(Map<String, Integer> routeCosts) {
    return new RateLimitOptions(enabled, tiers, routeCosts, shared, redisTimeout, redisRetry,
        maxLocalKeys, leaseTime, leaseShare);
  }
}
