package dev.brisk;

import dev.brisk.auth.AuthOptions;
import dev.brisk.auth.JwtOptions;
import dev.brisk.auth.Tiers;
import dev.brisk.auth.TrustedProxies;
import dev.brisk.db.DbOptions;
import dev.brisk.http.CorsOptions;
import dev.brisk.http.HttpOptions;
import dev.brisk.http.StreamLimits;
import dev.brisk.throttle.ConcurrencyOptions;
import dev.brisk.throttle.RateLimitOptions;
import dev.brisk.throttle.ThrottleOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a Brisk app runs: where it listens, its stores, and how it serves requests. Immutable;
 * validated when built, and every error names the setting and the bad value (a store URL's
 * without its password).
 *
 * <p>{@code BriskOptions.create(pgUrl, redisUrl).withPort(0)} or, from arguments and environment,
 * {@code BriskOptions.from(BriskConfig.from(args, System.getenv()))}.
 *
 * @param host interface to bind; default {@code 0.0.0.0} ({@code 127.0.0.1} with dev services)
 * @param port HTTP port, 0 for a free one; default 8080
 * @param instances HTTP verticles, and the event loops Vert.x runs (one each; database connections
 *     are spread over them); default one per core
 * @param pgUrl primary PostgreSQL, {@code postgresql://user:pass@host:port/db}
 * @param pgReplicaUrls read replicas; default none
 * @param pgPoolSize connections per PostgreSQL pool; default 16
 * @param pgStreamPoolSize connections of the separate pool exports and SSE read through;
 *     default 64, the default {@code streams.maxOpen()}; a smaller pool lowers the instance's
 *     stream cap to its size
 * @param redisUrl Redis, {@code redis://[:pass@]host:port}
 * @param redisPoolSize Redis connections; default 16
 * @param drainTimeout how long a graceful stop waits for in-flight requests; default 10 s
 * @param tracing {@code off}, {@code otlp} or {@code global}; default off
 * @param http request deadline, body limit, access log
 * @param auth tiers, trusted proxies, API-key caching and bearer tokens
 * @param streams concurrent streaming requests per instance and per caller; the instance cap in
 *     effect is at most {@code pgStreamPoolSize}
 * @param throttle rate limits per caller, adaptive concurrency and shedding
 */
public record BriskOptions(String host, int port, int instances, String pgUrl,
    List<String> pgReplicaUrls, int pgPoolSize, int pgStreamPoolSize, String redisUrl,
    int redisPoolSize, Duration drainTimeout, String tracing, HttpOptions http, AuthOptions auth,
    StreamLimits streams, ThrottleOptions throttle) {

  private static final List<String> TRACING_MODES = List.of("off", "otlp", "global");

  /** Validates every option. */
  public BriskOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    atLeastOne("instances", instances);
    StoreUrls.requirePostgres("pgUrl", Objects.requireNonNull(pgUrl, "pgUrl"));
    pgReplicaUrls = List.copyOf(pgReplicaUrls);
    pgReplicaUrls.forEach(url -> StoreUrls.requirePostgres("pgReplicaUrls", url));
    atLeastOne("pgPoolSize", pgPoolSize);
    atLeastOne("pgStreamPoolSize", pgStreamPoolSize);
    StoreUrls.requireRedis("redisUrl", Objects.requireNonNull(redisUrl, "redisUrl"));
    atLeastOne("redisPoolSize", redisPoolSize);
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout must be >= 0, was " + drainTimeout);
    }
    tracing = tracing.toLowerCase(Locale.ROOT);
    if (!TRACING_MODES.contains(tracing)) {
      throw new IllegalArgumentException("tracing must be off, otlp or global, was '" + tracing
          + "'");
    }
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(streams, "streams");
    if (streams.exemptTier() != null && !auth.tiers().contains(streams.exemptTier())) {
      throw new IllegalArgumentException("stream-exempt-tier names unknown tier '"
          + streams.exemptTier() + "'; tiers are " + auth.tiers().names());
    }
    Objects.requireNonNull(throttle, "throttle");
    // A misspelt tier would be silently unlimited ("a tier not listed is unlimited"). The
    // defaults name the default tiers: with other --tiers they stay what they were.
    knownTiers("rate-limits", throttle.rateLimits().tiers(),
        RateLimitOptions.defaults().tiers(), auth.tiers());
    knownTiers("concurrency-reserved-shares", throttle.concurrency().reservedShares(),
        ConcurrencyOptions.defaults().reservedShares(), auth.tiers());
  }

  /** Refuses a setting other than its default that names a tier {@code tiers} does not have. */
  private static void knownTiers(String setting, Map<String, ?> byTier, Map<String, ?> defaults,
      Tiers tiers) {
    if (byTier.equals(defaults)) {
      return;
    }
    for (String name : byTier.keySet()) {
      if (!tiers.contains(name)) {
        throw new IllegalArgumentException(setting + " names unknown tier '" + name
            + "'; tiers are " + tiers.names());
      }
    }
  }

  /** Defaults for these stores: port 8080 on all interfaces, one verticle per core. */
  public static BriskOptions create(String pgUrl, String redisUrl) {
    return new BriskOptions("0.0.0.0", 8080, Runtime.getRuntime().availableProcessors(), pgUrl,
        List.of(), 16, 64, redisUrl, 16, Duration.ofSeconds(10), "off", HttpOptions.defaults(),
        AuthOptions.defaults(), StreamLimits.defaults(), ThrottleOptions.defaults());
  }

  /**
   * Reads every setting from {@code config} ({@code --pg-url} or {@code BRISK_PG_URL}, ...); see
   * docs/deploy.md#configuration for the list.
   *
   * @throws IllegalArgumentException naming the missing or malformed setting
   */
  public static BriskOptions from(BriskConfig config) {
    HttpOptions http = new HttpOptions(
        config.getDuration("deadline", Duration.ofSeconds(5)),
        config.getInt("max-body-bytes", 1 << 20),
        accessLog(config.get("access-log", "off")),
        config.getDuration("long-running-deadline", Duration.ofHours(1)),
        config.getDuration("request-head-timeout", Duration.ofSeconds(30)),
        config.getDuration("idle-timeout", Duration.ofSeconds(60)),
        cors(config));
    return new BriskOptions(
        config.get("host", "0.0.0.0"),
        config.port(),
        config.getInt("instances", Runtime.getRuntime().availableProcessors()),
        config.require("pg-url"),
        DbOptions.parseUrls(config.get("pg-replica-urls")),
        config.getInt("pg-pool-size", 16),
        config.getInt("pg-stream-pool-size", 64),
        config.require("redis-url"),
        config.getInt("redis-pool-size", 16),
        config.getDuration("drain-timeout", Duration.ofSeconds(10)),
        config.get("tracing", "off"),
        http,
        auth(config),
        streams(config),
        throttle(config));
  }

  private static StreamLimits streams(BriskConfig config) {
    StreamLimits defaults = StreamLimits.defaults();
    String exempt = config.get("stream-exempt-tier", defaults.exemptTier());
    // Checked here too, so that the error names the setting and not StreamLimits' field.
    int maxOpen = config.getInt("max-streams", defaults.maxOpen());
    atLeastOne("max-streams", maxOpen);
    int maxPerCaller = config.getInt("max-streams-per-caller", defaults.maxPerCaller());
    atLeastOne("max-streams-per-caller", maxPerCaller);
    return new StreamLimits(maxOpen, maxPerCaller,
        exempt.isBlank() || exempt.equals("none") ? null : exempt,
        defaults.retryAfter());
  }

  private static AuthOptions auth(BriskConfig config) {
    AuthOptions defaults = AuthOptions.defaults();
    String key = config.get("jwt-public-key");
    JwtOptions jwt = new JwtOptions(config.get("jwt-secret"),
        key == null ? List.of() : List.of(key),
        config.get("jwt-algorithm", "RS256"),
        config.get("jwt-jwks-url"),
        config.getDuration("jwt-jwks-refresh", Duration.ofMinutes(5)),
        config.get("jwt-issuer"),
        config.get("jwt-audience"),
        config.get("jwt-tier-claim", "tier"));
    return new AuthOptions(Tiers.parse(config.get("tiers", "anonymous,free,pro,internal")),
        TrustedProxies.parse(config.get("trusted-proxies")),
        config.getDuration("key-cache-ttl", defaults.keyCacheTtl()),
        config.getLong("key-cache-size", defaults.keyCacheSize()),
        config.getLong("key-negative-cache-size", defaults.negativeCacheSize()), jwt);
  }

  /** Returns a copy listening on {@code port} (0: any free port). */
  public BriskOptions withPort(int port) {
    return new BriskOptions(host, port, instances, pgUrl, pgReplicaUrls, pgPoolSize,
        pgStreamPoolSize, redisUrl, redisPoolSize, drainTimeout, tracing, http, auth, streams,
        throttle);
  }

  /** Returns a copy binding {@code host}. */
  public BriskOptions withHost(String host) {
    return new BriskOptions(host, port, instances, pgUrl, pgReplicaUrls, pgPoolSize,
        pgStreamPoolSize, redisUrl, redisPoolSize, drainTimeout, tracing, http, auth, streams,
        throttle);
  }

  /** Returns a copy with {@code instances} HTTP verticles. */
  public BriskOptions withInstances(int instances) {
    return new BriskOptions(host, port, instances, pgUrl, pgReplicaUrls, pgPoolSize,
        pgStreamPoolSize, redisUrl, redisPoolSize, drainTimeout, tracing, http, auth, streams,
        throttle);
  }

  /** Returns a copy with other caller-identification options. */
  public BriskOptions withAuth(AuthOptions auth) {
    return new BriskOptions(host, port, instances, pgUrl, pgReplicaUrls, pgPoolSize,
        pgStreamPoolSize, redisUrl, redisPoolSize, drainTimeout, tracing, http, auth, streams,
        throttle);
  }

  /** Returns a copy with other rate limits and concurrency limits. */
  public BriskOptions withThrottle(ThrottleOptions throttle) {
    return new BriskOptions(host, port, instances, pgUrl, pgReplicaUrls, pgPoolSize,
        pgStreamPoolSize, redisUrl, redisPoolSize, drainTimeout, tracing, http, auth, streams,
        throttle);
  }

  /** Returns a copy with other request-serving options. */
  public BriskOptions withHttp(HttpOptions http) {
    return new BriskOptions(host, port, instances, pgUrl, pgReplicaUrls, pgPoolSize,
        pgStreamPoolSize, redisUrl, redisPoolSize, drainTimeout, tracing, http, auth, streams,
        throttle);
  }

  /** Returns a copy with other stream limits. */
  public BriskOptions withStreams(StreamLimits streams) {
    return new BriskOptions(host, port, instances, pgUrl, pgReplicaUrls, pgPoolSize,
        pgStreamPoolSize, redisUrl, redisPoolSize, drainTimeout, tracing, http, auth, streams,
        throttle);
  }

  private static ThrottleOptions throttle(BriskConfig config) {
    RateLimitOptions rl = RateLimitOptions.defaults();
    ConcurrencyOptions c = ConcurrencyOptions.defaults();
    rl = new RateLimitOptions(onOff(config, "rate-limiting"),
        config.parse("rate-limits", RateLimitOptions::parseTiers, rl.tiers()),
        config.parse("rate-limit-costs",
            v -> RateLimitOptions.defaults().withRouteCosts(RateLimitOptions.parseCosts(v))
                .routeCosts(), rl.routeCosts()),
        store(config.get("rate-limit-store", "redis")),
        config.getDuration("rate-limit-redis-timeout", rl.redisTimeout()),
        config.getDuration("rate-limit-redis-retry", rl.redisRetry()), rl.maxLocalKeys(),
        config.getDuration("rate-limit-lease-time", rl.leaseTime()),
        config.getDouble("rate-limit-lease-share", rl.leaseShare()));
    c = new ConcurrencyOptions(onOff(config, "concurrency-limit"),
        config.get("concurrency-algorithm", c.algorithm()),
        config.getInt("concurrency-initial-limit", c.initialLimit()),
        config.getInt("concurrency-min-limit", c.minLimit()),
        config.getInt("concurrency-max-limit", c.maxLimit()),
        config.getInt("concurrency-max-queue", c.maxQueue()),
        config.getDuration("concurrency-queue-timeout", c.queueTimeout()),
        config.getDuration("concurrency-max-lag", c.maxEventLoopLag()),
        config.getInt("concurrency-max-db-waiting", c.maxDbWaiting()),
        config.getDouble("concurrency-lowest-tier-share", c.lowestTierShare()), c.retryAfter(),
        config.getDouble("concurrency-latency-tolerance", c.latencyTolerance()),
        config.parse("concurrency-reserved-shares",
            v -> ConcurrencyOptions.defaults().withReservedShares(ConcurrencyOptions.parseShares(v))
                .reservedShares(),
            c.reservedShares()),
        config.getDuration("concurrency-latency-target", c.latencyTarget()));
    return ThrottleOptions.defaults().withRateLimits(rl).withConcurrency(c);
  }

  /** {@code key} as {@code on} (the default) or {@code off}; anything else fails naming it. */
  static boolean onOff(BriskConfig config, String key) {
    return switch (config.get(key, "on")) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(key + " must be on or off, was '"
          + config.get(key) + "'");
    };
  }

  private static boolean store(String store) {
    return switch (store) {
      case "redis" -> true;
      case "local" -> false;
      default -> throw new IllegalArgumentException("rate-limit-store must be redis or local, "
          + "was '" + store + "'");
    };
  }

  private static boolean accessLog(String mode) {
    return switch (mode) {
      case "json" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("access-log must be json or off, was '"
          + mode + "'");
    };
  }

  private static void atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }

  /**
   * The CORS settings; a rule between them (origin {@code *} with credentials, a negative max
   * age) names the settings, as each of them alone does.
   */
  private static CorsOptions cors(BriskConfig config) {
    List<String> origins = config.parse("cors-origins",
        v -> CorsOptions.allow(CorsOptions.parseOrigins(v)).origins(), List.of());
    boolean credentials = config.flag("cors-credentials");
    Duration maxAge = config.getDuration("cors-max-age", Duration.ofMinutes(10));
    try {
      return new CorsOptions(origins, credentials, maxAge);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--cors-origins, --cors-credentials, --cors-max-age "
          + "(BRISK_CORS_ORIGINS, BRISK_CORS_CREDENTIALS, BRISK_CORS_MAX_AGE): "
          + e.getMessage(), e);
    }
  }
}
