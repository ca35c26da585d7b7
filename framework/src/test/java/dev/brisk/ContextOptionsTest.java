package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.auth.Tiers;
import dev.brisk.cache.CacheOptions;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.stream.StreamOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Stream options, embed limits and the database's and cache's settings are ordinary settings:
 * option, then env, then default.
 */
class ContextOptionsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void without_settings_they_are_the_defaults_on_the_apps_registry() {
    BriskConfig config = BriskConfig.of(Map.of());

    assertThat(ContextOptions.streamOptions(config, registry))
        .isEqualTo(StreamOptions.defaults().withRegistry(registry));
    EmbedLimits limits = ContextOptions.embedLimits(config, Tiers.defaults());
    assertThat(limits.withMaxRowsByTier(Map.of())).isEqualTo(EmbedLimits.defaults());
    // Lower tiers embed less; the highest keeps the whole budget.
    assertThat(limits.maxRowsByTier()).isEqualTo(Map.of("anonymous", 12_500L, "free", 37_500L,
        "pro", 37_500L));
    assertThat(limits.maxRowsFor("internal")).isEqualTo(50_000);
    assertThat(limits.maxRowsFor(null)).isEqualTo(50_000);
  }

  @Test
  void tier_budgets_follow_the_tiers_and_the_rows_per_request_unless_set() {
    EmbedLimits renamed = ContextOptions.embedLimits(BriskConfig.of(Map.of(
        "max-rows-per-request", "1000")), Tiers.of("guest", "staff"));
    assertThat(renamed.maxRowsByTier()).isEqualTo(Map.of("guest", 250L));
    assertThat(renamed.maxRowsFor("staff")).isEqualTo(1000);

    EmbedLimits set = ContextOptions.embedLimits(BriskConfig.of(Map.of("max-rows-per-tier",
        "anonymous=5000; pro=60000")), Tiers.defaults());
    assertThat(set.maxRowsFor("anonymous")).isEqualTo(5000);
    // Not listed: its default; listed above the rows per request: held to them.
    assertThat(set.maxRowsFor("free")).isEqualTo(37_500);
    assertThat(set.maxRowsFor("pro")).isEqualTo(50_000);
    assertThat(set.maxRowsFor("internal")).isEqualTo(50_000);
  }

  @Test
  void an_option_beats_the_environment() {
    BriskConfig config = BriskConfig.from(new String[] {"--sse-heartbeat", "5s",
        "--embed-max-per-parent", "7"}, Map.of("BRISK_SSE_HEARTBEAT", "PT9S",
        "BRISK_SSE_RETRY", "4000", "BRISK_STREAM_STALL_TIMEOUT", "1m",
        "BRISK_EMBED_MAX_PER_PARENT", "9", "BRISK_MAX_ROWS_PER_REQUEST", "500"));

    StreamOptions stream = ContextOptions.streamOptions(config, registry);
    assertThat(stream.heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(stream.retry()).isEqualTo(Duration.ofSeconds(4));
    assertThat(stream.stallTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(ContextOptions.embedLimits(config, Tiers.defaults())).isEqualTo(new EmbedLimits(7,
        500, Map.of("anonymous", 125L, "free", 375L, "pro", 375L)));
    assertThat(config.unread()).isEmpty();
  }

  @Test
  void a_bad_value_names_the_option() {
    assertThatThrownBy(() -> ContextOptions.streamOptions(
        BriskConfig.of(Map.of("stream-stall-timeout", "-PT1S")), registry))
        .hasMessage("stream-stall-timeout must be positive, was PT-1S");
    assertThatThrownBy(() -> ContextOptions.streamOptions(
        BriskConfig.of(Map.of("sse-retry", "0")), registry))
        .hasMessage("sse-retry must be positive, was PT0S");
    assertThatThrownBy(() -> ContextOptions.embedLimits(
        BriskConfig.of(Map.of("max-rows-per-request", "0")), Tiers.defaults()))
        .hasMessage("max-rows-per-request must be >= 1, was 0");
    assertThatThrownBy(() -> ContextOptions.embedLimits(
        BriskConfig.of(Map.of("embed-max-per-parent", "ten")), Tiers.defaults()))
        .hasMessage("embed-max-per-parent must be an integer, was 'ten'");
    assertThatThrownBy(() -> ContextOptions.embedLimits(
        BriskConfig.of(Map.of("max-rows-per-tier", "fre=100")), Tiers.defaults()))
        .hasMessage("max-rows-per-tier names unknown tier 'fre'; tiers are "
            + "[anonymous, free, pro, internal]");
    assertThatThrownBy(() -> ContextOptions.embedLimits(
        BriskConfig.of(Map.of("max-rows-per-tier", "free=0")), Tiers.defaults()))
        .hasMessage("max-rows-per-tier free must be >= 1, was 0");
    assertThatThrownBy(() -> ContextOptions.embedLimits(
        BriskConfig.of(Map.of("max-rows-per-tier", "free=-1")), Tiers.defaults()))
        .hasMessageContaining("a tier's row budget must look like anonymous=12500, was "
            + "'free=-1'");
    assertThatThrownBy(() -> ContextOptions.embedLimits(
        BriskConfig.of(Map.of("max-rows-per-tier", "free=10;free=20")), Tiers.defaults()))
        .hasMessageContaining("names tier 'free' twice");
  }

  @Test
  void the_database_connect_timeout_and_the_cache_waits_are_settings() {
    String pg = "postgresql://u:p@127.0.0.1:5432/db";
    BriskConfig config = BriskConfig.from(new String[] {"--pg-connect-timeout", "750ms",
        "--cache-redis-timeout", "100ms"}, Map.of("BRISK_PG_CONNECT_TIMEOUT", "9s",
        "BRISK_CACHE_ACK_TIMEOUT", "3s", "BRISK_CACHE_FILL_WAIT", "PT0.2S"));
    BriskOptions options = BriskOptions.create(pg, "redis://127.0.0.1:6379");

    assertThat(ContextOptions.dbOptions(options, config, registry).connectTimeout())
        .isEqualTo(Duration.ofMillis(750));
    CacheOptions cache = ContextOptions.cacheOptions(config);
    assertThat(cache.redisTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(cache.ackTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(cache.fillWait()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.unread()).isEmpty();
    CacheOptions defaults = ContextOptions.cacheOptions(BriskConfig.of(Map.of()));
    assertThat(List.of(defaults.redisTimeout(), defaults.ackTimeout(), defaults.fillWait()))
        .isEqualTo(List.of(CacheOptions.defaults().redisTimeout(),
            CacheOptions.defaults().ackTimeout(), CacheOptions.defaults().fillWait()));
    assertThat(ContextOptions.dbOptions(options, BriskConfig.of(Map.of()), registry)
        .connectTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void a_bad_connect_timeout_or_cache_wait_names_its_setting() {
    BriskOptions options = BriskOptions.create("postgresql://u:p@127.0.0.1:5432/db",
        "redis://127.0.0.1:6379");
    assertThat(refusal(Map.of("pg-connect-timeout", "0"),
        c -> ContextOptions.dbOptions(options, c, registry))).isEqualTo(
        "--pg-connect-timeout (BRISK_PG_CONNECT_TIMEOUT) must be >= 1 ms, was PT0S");
    // The client reads it as int milliseconds: 1200 h wrapped to 25 s, 720 h to a negative.
    for (String days : List.of("720h", "1200h")) {
      assertThat(refusal(Map.of("pg-connect-timeout", days),
          c -> ContextOptions.dbOptions(options, c, registry))).startsWith(
          "--pg-connect-timeout (BRISK_PG_CONNECT_TIMEOUT) must be at most 2147483647 ms, was ");
    }
    assertThat(refusal(Map.of("pg-connect-timeout", "soon"),
        c -> ContextOptions.dbOptions(options, c, registry))).startsWith(
        "--pg-connect-timeout (BRISK_PG_CONNECT_TIMEOUT) must be a duration like 5s");
    // Read after --rate-limit-redis-timeout, as at startup: the error names the cache's.
    assertThat(refusal(Map.of("pg-url", options.pgUrl(), "redis-url", options.redisUrl(),
        "cache-redis-timeout", "0"), c -> {
          BriskOptions.from(c);
          return ContextOptions.cacheOptions(c);
        })).isEqualTo(
        "--cache-redis-timeout (BRISK_CACHE_REDIS_TIMEOUT) must be > 0 and <= PT12H, was PT0S");
    assertThat(refusal(Map.of("cache-ack-timeout", "13h"), ContextOptions::cacheOptions))
        .isEqualTo("--cache-ack-timeout (BRISK_CACHE_ACK_TIMEOUT) must be > 0 and <= PT12H, "
            + "was PT13H");
    assertThat(refusal(Map.of("cache-fill-wait", "-PT1S"), ContextOptions::cacheOptions))
        .isEqualTo("--cache-fill-wait (BRISK_CACHE_FILL_WAIT) must be > 0 and <= PT12H, was "
            + "PT-1S");
  }

  /** The startup error {@code Brisk.run} prints when {@code read} refuses these settings. */
  private static String refusal(Map<String, String> settings, Function<BriskConfig, ?> read) {
    BriskConfig config = BriskConfig.of(settings);
    try {
      read.apply(config);
    } catch (IllegalArgumentException e) {
      return config.explain(e.getMessage());
    }
    throw new AssertionError("accepted " + settings);
  }

  @Test
  void a_bad_cursor_key_names_its_variable() {
    BriskConfig config = BriskConfig.from(new String[0], Map.of("BRISK_CURSOR_KEYS", "zz"));
    assertThatThrownBy(() -> ContextOptions.pageOptions(config, registry))
        .hasMessage("BRISK_CURSOR_KEYS: cursor key #1 has 2 bytes; use at least 16");
  }
}
