package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.auth.AuthOptions;
import dev.brisk.throttle.ConcurrencyOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BriskOptionsTest {

  private static final String PG = "postgresql://u:p@127.0.0.1:5432/db";
  private static final String REDIS = "redis://127.0.0.1:6379";

  private static BriskOptions from(String... pairs) {
    Map<String, String> settings = new HashMap<>(Map.of("pg-url", PG, "redis-url", REDIS));
    for (int i = 0; i < pairs.length; i += 2) {
      settings.put(pairs[i], pairs[i + 1]);
    }
    return BriskOptions.from(BriskConfig.of(settings));
  }

  /** The startup error {@code Brisk.run} prints for these settings (its first line). */
  private static String refusal(String... pairs) {
    Map<String, String> settings = new HashMap<>(Map.of("pg-url", PG, "redis-url", REDIS));
    for (int i = 0; i < pairs.length; i += 2) {
      settings.put(pairs[i], pairs[i + 1]);
    }
    BriskConfig config = BriskConfig.of(settings);
    try {
      BriskOptions.from(config);
    } catch (IllegalArgumentException e) {
      return config.explain(e.getMessage());
    }
    throw new AssertionError("accepted " + List.of(pairs));
  }

  @Test
  void a_refused_concurrency_limit_names_its_own_setting() {
    // "limits must satisfy ..." was explained as --rate-limits, the last setting read whose
    // name ends with "limits".
    assertThat(refusal("concurrency-min-limit", "0")).isEqualTo(
        "--concurrency-min-limit (BRISK_CONCURRENCY_MIN_LIMIT) must be >= 1, was 0");
    assertThat(refusal("concurrency-initial-limit", "2000")).isEqualTo(
        "--concurrency-initial-limit (BRISK_CONCURRENCY_INITIAL_LIMIT) must be from minLimit "
            + "(8) to maxLimit (1024), was 2000");
    assertThat(refusal("concurrency-max-limit", "4")).isEqualTo(
        "--concurrency-max-limit (BRISK_CONCURRENCY_MAX_LIMIT) must be >= minLimit (8), was 4");
  }

  @Test
  void a_refused_list_or_stream_setting_names_its_setting() {
    // Each said only what was wrong ("rate limit must look like ...", "maxOpen must be >= 1"),
    // leaving the operator to guess which of some eighty settings held it.
    assertThat(refusal("rate-limits", "free")).isEqualTo("--rate-limits (BRISK_RATE_LIMITS): "
        + "rate limit must look like tier=10/s:20, was 'free'");
    assertThat(refusal("rate-limit-costs", "POST /api/orders")).startsWith(
        "--rate-limit-costs (BRISK_RATE_LIMIT_COSTS): route cost must look like");
    assertThat(refusal("rate-limit-costs", "POST /api/orders=-1")).startsWith(
        "--rate-limit-costs (BRISK_RATE_LIMIT_COSTS): cost of POST /api/orders must be >= 0");
    assertThat(refusal("concurrency-reserved-shares", "internal")).startsWith(
        "--concurrency-reserved-shares (BRISK_CONCURRENCY_RESERVED_SHARES): reserved share must");
    assertThat(refusal("concurrency-reserved-shares", "internal=0.6;pro=0.5")).startsWith(
        "--concurrency-reserved-shares (BRISK_CONCURRENCY_RESERVED_SHARES): reserved shares must "
            + "sum to less than 1");
    assertThat(refusal("cors-origins", "shop.example")).isEqualTo(
        "--cors-origins (BRISK_CORS_ORIGINS): cors origin must be scheme://host[:port] (http or "
            + "https, no path), was 'shop.example'");
    assertThat(refusal("max-streams", "0"))
        .isEqualTo("--max-streams (BRISK_MAX_STREAMS) must be >= 1, was 0");
    assertThat(refusal("cors-origins", "*", "cors-credentials", "true")).isEqualTo(
        "--cors-origins, --cors-credentials, --cors-max-age (BRISK_CORS_ORIGINS, "
            + "BRISK_CORS_CREDENTIALS, BRISK_CORS_MAX_AGE): cors origins '*' cannot be combined "
            + "with credentials; list the origins instead");
    assertThat(refusal("max-streams-per-caller", "0"))
        .isEqualTo("--max-streams-per-caller (BRISK_MAX_STREAMS_PER_CALLER) must be >= 1, was 0");
    assertThat(refusal("stream-exempt-tier", "gold")).isEqualTo("--stream-exempt-tier "
        + "(BRISK_STREAM_EXEMPT_TIER) names unknown tier 'gold'; tiers are [anonymous, free, "
        + "pro, internal]");
    assertThat(refusal("jwt-jwks-url", "idp.example/keys")).isEqualTo("--jwt-jwks-url "
        + "(BRISK_JWT_JWKS_URL) must be an http or https URL with a host, was 'idp.example/keys'");
  }

  @Test
  void key_cache_sizes_and_the_lowest_tier_share_are_settings() {
    BriskOptions o = from("key-cache-size", "50000", "key-negative-cache-size", "2000",
        "concurrency-lowest-tier-share", "0.25");
    assertThat(o.auth().keyCacheSize()).isEqualTo(50_000);
    assertThat(o.auth().negativeCacheSize()).isEqualTo(2_000);
    assertThat(o.throttle().concurrency().lowestTierShare()).isEqualTo(0.25);
    assertThat(from().auth().keyCacheSize()).isEqualTo(AuthOptions.defaults().keyCacheSize());
    assertThat(from().auth().negativeCacheSize())
        .isEqualTo(AuthOptions.defaults().negativeCacheSize());
    assertThat(from().throttle().concurrency().lowestTierShare())
        .isEqualTo(ConcurrencyOptions.defaults().lowestTierShare());

    assertThat(refusal("key-cache-size", "0"))
        .isEqualTo("--key-cache-size (BRISK_KEY_CACHE_SIZE) must be >= 1, was 0");
    assertThat(refusal("key-negative-cache-size", "-1")).isEqualTo(
        "--key-negative-cache-size (BRISK_KEY_NEGATIVE_CACHE_SIZE) must be >= 1, was -1");
    assertThat(refusal("concurrency-lowest-tier-share", "1.5")).isEqualTo(
        "--concurrency-lowest-tier-share (BRISK_CONCURRENCY_LOWEST_TIER_SHARE) must be in (0, 1], "
            + "was 1.5");
  }

  @Test
  void defaults_apply_when_only_the_stores_are_set() {
    BriskOptions o = from();
    assertThat(o.host()).isEqualTo("0.0.0.0");
    assertThat(o.port()).isEqualTo(8080);
    assertThat(o.instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(o.pgUrl()).isEqualTo(PG);
    assertThat(o.pgReplicaUrls()).isEmpty();
    assertThat(o.redisUrl()).isEqualTo(REDIS);
    assertThat(o.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.tracing()).isEqualTo("off");
    assertThat(o.http().deadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.http().maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(o.http().accessLog()).isFalse();
  }

  @Test
  void limits_default_and_read_their_settings() {
    BriskOptions d = from();
    assertThat(d.pgStreamPoolSize()).isEqualTo(64);
    assertThat(d.streams().maxOpen()).isEqualTo(64);
    assertThat(d.streams().maxPerCaller()).isEqualTo(16);
    assertThat(d.streams().exemptTier()).isEqualTo("internal");
    assertThat(d.http().requestHeadTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.http().idleTimeout()).isEqualTo(Duration.ofSeconds(60));

    BriskOptions o = from("pg-stream-pool-size", "2", "max-streams", "3",
        "max-streams-per-caller", "1", "stream-exempt-tier", "none",
        "request-head-timeout", "PT5S", "idle-timeout", "PT10S");
    assertThat(o.pgStreamPoolSize()).isEqualTo(2);
    assertThat(o.streams().maxOpen()).isEqualTo(3);
    assertThat(o.streams().maxPerCaller()).isEqualTo(1);
    assertThat(o.streams().exemptTier()).isNull();
    assertThat(o.http().requestHeadTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.http().idleTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void the_stream_pool_caps_streams_per_instance_so_none_waits_for_a_connection() {
    assertThat(Brisk.streamLimits(from())).isEqualTo(from().streams());

    BriskOptions small = from("pg-stream-pool-size", "4", "max-streams-per-caller", "2");
    assertThat(Brisk.streamLimits(small).maxOpen()).isEqualTo(4);
    assertThat(Brisk.streamLimits(small).maxPerCaller()).isEqualTo(2);
    assertThat(Brisk.streamLimits(from("pg-stream-pool-size", "100")).maxOpen()).isEqualTo(64);
  }

  @Test
  void hostile_limits_are_refused_naming_the_value() {
    assertThatThrownBy(() -> from("max-streams", "0"))
        .hasMessageContaining("max-streams must be >= 1, was 0");
    assertThatThrownBy(() -> from("max-streams-per-caller", "-1"))
        .hasMessageContaining("max-streams-per-caller must be >= 1, was -1");
    assertThatThrownBy(() -> from("pg-stream-pool-size", "0"))
        .hasMessageContaining("pgStreamPoolSize must be >= 1, was 0");
    assertThatThrownBy(() -> from("stream-exempt-tier", "gold"))
        .hasMessageContaining("stream-exempt-tier names unknown tier 'gold'");
    assertThatThrownBy(() -> from("request-head-timeout", "0"))
        .hasMessageContaining("requestHeadTimeout must be positive");
  }

  @Test
  void a_rate_limit_or_reserved_share_for_an_unknown_tier_is_refused() {
    // "a tier not listed is unlimited": a misspelt one left free unlimited without a word.
    assertThatThrownBy(() -> from("rate-limits", "anonymous=50/s:100;fre=10/s:20"))
        .hasMessageContaining("rate-limits names unknown tier 'fre'");
    assertThatThrownBy(() -> from("concurrency-reserved-shares", "internl=0.5"))
        .hasMessageContaining("concurrency-reserved-shares names unknown tier 'internl'");
    assertThat(from("rate-limits", "free=10/s:20").throttle().rateLimits().bandwidths("free"))
        .hasSize(1);
    // The defaults name the default tiers: other tiers keep them (unlisted tiers unlimited).
    assertThat(from("tiers", "anonymous,member,admin", "stream-exempt-tier", "admin").auth()
        .tiers().names())
        .containsExactly("anonymous", "member", "admin");
  }

  @Test
  void reads_every_setting() {
    BriskOptions o = from("host", "127.0.0.1", "port", "0", "instances", "3",
        "pg-replica-urls", PG + "," + PG, "pg-pool-size", "4", "redis-pool-size", "5",
        "drain-timeout", "PT1S", "tracing", "GLOBAL", "deadline", "250",
        "max-body-bytes", "2048", "access-log", "json", "long-running-deadline", "PT2M");
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isZero();
    assertThat(o.instances()).isEqualTo(3);
    assertThat(o.pgReplicaUrls()).containsExactly(PG, PG);
    assertThat(o.pgPoolSize()).isEqualTo(4);
    assertThat(o.redisPoolSize()).isEqualTo(5);
    assertThat(o.drainTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.tracing()).isEqualTo("global");
    assertThat(o.http().deadline()).isEqualTo(Duration.ofMillis(250));
    assertThat(o.http().maxBodyBytes()).isEqualTo(2048);
    assertThat(o.http().accessLog()).isTrue();
    assertThat(o.http().longRunningDeadline()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void missing_store_names_its_variable() {
    assertThatThrownBy(() -> BriskOptions.from(BriskConfig.of(Map.of("pg-url", PG))))
        .hasMessageContaining("BRISK_REDIS_URL");
    assertThatThrownBy(() -> BriskOptions.from(BriskConfig.of(Map.of("redis-url", REDIS))))
        .hasMessageContaining("BRISK_PG_URL");
  }

  @Test
  void bad_values_are_errors_naming_the_setting_and_value() {
    assertThatThrownBy(() -> from("port", "70000")).hasMessage("port must be 0..65535, was 70000");
    assertThatThrownBy(() -> from("instances", "0")).hasMessage("instances must be >= 1, was 0");
    assertThatThrownBy(() -> from("pg-pool-size", "0")).hasMessageContaining("pgPoolSize");
    assertThatThrownBy(() -> from("tracing", "zipkin")).hasMessageContaining("'zipkin'");
    assertThatThrownBy(() -> from("access-log", "text")).hasMessageContaining("'text'");
    assertThatThrownBy(() -> from("deadline", "0")).hasMessageContaining("deadline");
    assertThatThrownBy(() -> from("drain-timeout", "-PT1S")).hasMessageContaining("drainTimeout");
    assertThatThrownBy(() -> from("max-body-bytes", "0")).hasMessageContaining("maxBodyBytes");
  }

  @Test
  void with_methods_return_validated_copies() {
    BriskOptions o = BriskOptions.create(PG, REDIS);
    assertThat(o.withPort(0).port()).isZero();
    assertThat(o.withHost("127.0.0.1").host()).isEqualTo("127.0.0.1");
    assertThat(o.withInstances(2).instances()).isEqualTo(2);
    assertThat(o.port()).isEqualTo(8080);
    assertThatThrownBy(() -> o.withInstances(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_malformed_store_url_is_named_without_its_password() {
    assertThatThrownBy(() -> from("pg-url", "postgresql://u:S3CRET@127.0.0.1:notaport/db"))
        .hasMessage("pgUrl must be a URL like postgresql://user:password@host:5432/db, was "
            + "'postgresql://***@127.0.0.1:notaport/db'");
    assertThatThrownBy(() -> from("pg-replica-urls", PG + ",post://x:S3CRET@h:p/d"))
        .hasMessageContaining("pgReplicaUrls").hasMessageNotContaining("S3CRET");
    assertThatThrownBy(() -> from("redis-url", "redis://:S3CRET@[bad"))
        .hasMessage("redisUrl must be a URL like redis://[:password@]host:6379 (a host of "
            + "letters, digits, '-' and '.'), was 'redis://***@[bad'")
        .hasNoCause();
    assertThatThrownBy(() -> from("redis-url", "http://:S3CRET@127.0.0.1:1"))
        .hasMessageContaining("redisUrl").hasMessageNotContaining("S3CRET");
    assertThatThrownBy(() -> from("pg-url", "S3CRET"))
        .hasMessageContaining("pgUrl").hasMessageNotContaining("S3CRET");
    assertThat(StoreUrls.redact("postgresql://h:1/db?user=u&password=S3CRET"))
        .isEqualTo("postgresql://h:1/db?***");
    assertThat(StoreUrls.redact("postgresql://u:pa/ss@word@h:1/db"))
        .isEqualTo("postgresql://***@h:1/db");
  }

  /**
   * The Redis client refuses, at every connection, a URL whose host java.net.URI cannot read (an
   * underscore, as in a Compose service name, or none): it was accepted, and the startup line
   * showed no address for it.
   */
  @Test
  void a_redis_url_without_a_host_the_client_can_read_is_refused() {
    for (String url : List.of("redis://:S3CRET@redis_1:6379", "redis://:S3CRET@redis_1:6379/0",
        "rediss://:S3CRET@", "redis:///0")) {
      assertThatThrownBy(() -> from("redis-url", url)).as(url)
          .hasMessageStartingWith("redisUrl must be a URL like redis://[:password@]host:6379")
          .hasMessageNotContaining("S3CRET");
    }
    for (String url : List.of("redis://:S3CRET@redis-1:6379/0", "rediss://u:p@[::1]",
        "unix:///run/redis.sock")) {
      assertThat(from("redis-url", url).redisUrl()).isEqualTo(url);
    }
  }

  @Test
  void decimal_and_size_settings_name_the_bad_value() {
    assertThatThrownBy(() -> from("rate-limit-lease-share", "abc"))
        .hasMessage("rate-limit-lease-share must be a number, was 'abc'");
    assertThatThrownBy(() -> from("concurrency-latency-tolerance", "x"))
        .hasMessage("concurrency-latency-tolerance must be a number, was 'x'");
    assertThatThrownBy(() -> from("cors-credentials", "yes"))
        .hasMessage("cors-credentials must be true or false, was 'yes'");
    assertThatThrownBy(() -> ContextOptions.cacheOptions(
        BriskConfig.of(Map.of("cache-max-bytes", "lots"))))
        .hasMessage("cache-max-bytes must be an integer, was 'lots'");
    assertThatThrownBy(() -> from("key-cache-size", "many"))
        .hasMessage("key-cache-size must be an integer, was 'many'");
    assertThatThrownBy(() -> from("concurrency-lowest-tier-share", "half"))
        .hasMessage("concurrency-lowest-tier-share must be a number, was 'half'");
  }
}
