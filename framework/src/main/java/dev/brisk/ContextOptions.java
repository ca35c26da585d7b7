package dev.brisk;

import dev.brisk.auth.Tiers;
import dev.brisk.cache.CacheOptions;
import dev.brisk.db.DbOptions;
import dev.brisk.db.PlanCacheMode;
import dev.brisk.db.ReplicaOptions;
import dev.brisk.db.StatementFlush;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.page.PageOptions;
import dev.brisk.stream.StreamOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
   * {@code --embed-max-per-parent} (100), {@code --max-rows-per-request} (50,000) and
   * {@code --max-rows-per-tier} ({@code tier=N;...}, each tier once, over the defaults: the
   * lowest of {@code tiers} a quarter of the rows per request, the highest all of them, every
   * tier between three quarters: anonymous 12,500, free and pro 37,500, internal 50,000), each
   * at least 1, every tier named one of {@code tiers}; see docs/fields.md.
   */
  static EmbedLimits embedLimits(BriskConfig config, Tiers tiers) {
    EmbedLimits defaults = EmbedLimits.defaults();
    long maxRows = atLeastOne("max-rows-per-request",
        config.getLong("max-rows-per-request", defaults.maxRows()));
    // Given budgets replace the defaults of the tiers they name; the others keep theirs.
    Map<String, Long> byTier = defaultTierRows(tiers.names(), maxRows);
    byTier.putAll(config.parse("max-rows-per-tier", ContextOptions::parseTierRows, Map.of()));
    for (Map.Entry<String, Long> tier : byTier.entrySet()) {
      if (!tiers.contains(tier.getKey())) {
        throw new IllegalArgumentException("max-rows-per-tier names unknown tier '"
            + tier.getKey() + "'; tiers are " + tiers.names());
      }
      atLeastOne("max-rows-per-tier " + tier.getKey(), tier.getValue());
    }
    return new EmbedLimits((int) atLeastOne("embed-max-per-parent",
        config.getInt("embed-max-per-parent", defaults.maxPerParent())), maxRows, byTier);
  }

  /**
   * The lowest tier (anonymous callers, free to come from many addresses) may embed a quarter of
   * {@code maxRows}: a full page of a to-many embed, 100 x 100, and a to-one beside each; the
   * highest all of it; the tiers between three quarters: 100 orders of 100 items with their
   * products, categories and user (30,100).
   */
  private static Map<String, Long> defaultTierRows(List<String> tiers, long maxRows) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (int rank = 0; rank < tiers.size() - 1; rank++) {
      rows.put(tiers.get(rank), Math.max(1, rank == 0 ? maxRows / 4 : maxRows - maxRows / 4));
    }
    return rows;
  }

  /** Parses {@code tier=N;tier=N}, e.g. {@code anonymous=5000;free=20000}. */
  static Map<String, Long> parseTierRows(String text) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String value = eq < 1 ? "" : entry.substring(eq + 1).trim();
      if (eq < 1 || !value.matches("[0-9]{1,18}")) {
        throw new IllegalArgumentException("a tier's row budget must look like "
            + "anonymous=12500, was '" + entry.trim() + "'");
      }
      String tier = entry.substring(0, eq).trim();
      if (rows.put(tier, Long.parseLong(value)) != null) {
        throw new IllegalArgumentException("names tier '" + tier + "' twice");
      }
    }
    return rows;
  }

  /**
   * The database's options: the pools and event loops of {@code options}, its deadline as the
   * statement timeout, and {@code --pg-pipelining-limit} (8), {@code --pg-connect-timeout} (2 s),
   * {@code --pg-plan-cache-mode}, {@code --pg-statement-flush} and the replica settings; see
   * docs/database.md#options.
   */
  static DbOptions dbOptions(BriskOptions options, BriskConfig config, MeterRegistry registry) {
    DbOptions defaults = DbOptions.fromUrl(options.pgUrl());
    return defaults.withPoolSize(options.pgPoolSize())
        .withStreamPoolSize(options.pgStreamPoolSize())
        .withPipeliningLimit(config.getInt("pg-pipelining-limit", defaults.pipeliningLimit()))
        .withConnectTimeout(config.getDuration("pg-connect-timeout", defaults.connectTimeout()))
        .withStatementTimeout(options.http().deadline())
        .withReplicaUrls(options.pgReplicaUrls())
        .withReplicas(replicaOptions(config))
        .withPlanCacheMode(PlanCacheMode.parse(config.get("pg-plan-cache-mode", "generic")))
        .withStatementFlush(StatementFlush.parse(config.get("pg-statement-flush", "turn")))
        .withEventLoops(options.instances())
        .withRegistry(registry);
  }

  /**
   * {@code --pg-replica-max-lag} (10 s), {@code --pg-read-your-writes} (5 s, 0 turns it off) and
   * {@code --pg-replica-check-interval} (1 s); see docs/database.md#read-replicas.
   */
  private static ReplicaOptions replicaOptions(BriskConfig config) {
    ReplicaOptions defaults = ReplicaOptions.defaults();
    return new ReplicaOptions(config.getDuration("pg-replica-max-lag", defaults.maxLag()),
        config.getDuration("pg-read-your-writes", defaults.readYourWrites()),
        config.getDuration("pg-replica-check-interval", defaults.checkInterval()));
  }

  /**
   * {@code --cache on|off} ({@code BRISK_CACHE}), {@code --cache-max-bytes},
   * {@code --cache-redis-max-bytes}, {@code --cache-ttl}, and the waits
   * {@code --cache-redis-timeout} (250 ms), {@code --cache-ack-timeout} (1 s) and
   * {@code --cache-fill-wait} (500 ms); see docs/caching.md#configuration.
   */
  // region cache-options
  static CacheOptions cacheOptions(BriskConfig config) {
    CacheOptions defaults = CacheOptions.defaults();
    return defaults.withEnabled(BriskOptions.onOff(config, "cache"))
        .withMaxBytes(config.getLong("cache-max-bytes", defaults.maxBytes()))
        .withRedisMaxBytes(config.getLong("cache-redis-max-bytes", defaults.redisMaxBytes()))
        .withTtl(config.getDuration("cache-ttl", defaults.ttl()))
        .withRedisTimeout(config.getDuration("cache-redis-timeout", defaults.redisTimeout()))
        .withAckTimeout(config.getDuration("cache-ack-timeout", defaults.ackTimeout()))
        .withFillWait(config.getDuration("cache-fill-wait", defaults.fillWait()));
  }
  // endregion cache-options

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
