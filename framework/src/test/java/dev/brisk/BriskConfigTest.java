package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BriskConfigTest {

  private static BriskConfig parse(Map<String, String> env, String... args) {
    return BriskConfig.from(args, env);
  }

  @Test
  void secrets_are_refused_on_the_command_line_and_read_from_the_environment() {
    for (String[] argv : new String[][] {{"--cursor-keys", "0123456789abcdef0123"},
        {"--port", "1", "--jwt-secret=" + "s".repeat(32)}}) {
      assertThatThrownBy(() -> BriskConfig.from(argv, Map.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("read from the environment only")
          .hasMessageNotContaining("0123456789abcdef0123").hasMessageNotContaining("sss");
    }
    BriskConfig env = BriskConfig.from(new String[0],
        Map.of("BRISK_CURSOR_KEYS", "0123456789abcdef0123", "BRISK_JWT_SECRET", "s".repeat(32)));
    assertThat(env.get("cursor-keys")).isEqualTo("0123456789abcdef0123");
    assertThat(env.get("jwt-secret")).isEqualTo("s".repeat(32));
  }

  @Test
  void parses_pairs_equals_and_flags() {
    BriskConfig c = parse(Map.of(), "--port", "9090", "--dataset=large", "--dev-services",
        "--host", "::1", "--verbose");
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.get("dataset")).isEqualTo("large");
    assertThat(c.flag("dev-services")).isTrue();
    assertThat(c.flag("verbose")).isTrue();
    assertThat(c.get("host")).isEqualTo("::1");
    assertThat(c.flag("absent")).isFalse();
  }

  @Test
  void a_value_may_start_with_dashes_as_a_pem_key_does() {
    String pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
        + "-----END PUBLIC KEY-----";
    BriskConfig c = parse(Map.of(), "--jwt-public-key", pem, "--jwt-algorithm", "ES256");
    assertThat(c.get("jwt-public-key")).isEqualTo(pem);
    assertThat(c.get("jwt-algorithm")).isEqualTo("ES256");
  }

  @Test
  void rejects_positional_arguments() {
    assertThatThrownBy(() -> parse(Map.of(), "serve")).hasMessageContaining("'serve'");
    assertThatThrownBy(() -> parse(Map.of(), "--")).hasMessageContaining("'--'");
  }

  @Test
  void argument_beats_environment_beats_fallback_and_blank_is_unset() {
    Map<String, String> env = Map.of("BRISK_PG_URL", "from-env", "BRISK_REDIS_URL", " ",
        "BRISK_DEV_SERVICES", "true");
    BriskConfig c = parse(env, "--pg-url", "from-arg");
    assertThat(c.get("pg-url")).isEqualTo("from-arg");
    assertThat(parse(env).get("pg-url")).isEqualTo("from-env");
    assertThat(c.get("redis-url", "fallback")).isEqualTo("fallback");
    assertThat(c.flag("dev-services")).isTrue();
    assertThat(c.with("pg-url", "later").get("pg-url")).isEqualTo("later");
  }

  @Test
  void port_comes_from_arg_then_port_env_then_8080() {
    assertThat(parse(Map.of("PORT", "7000"), "--port", "7001").port()).isEqualTo(7001);
    assertThat(parse(Map.of("PORT", "7000")).port()).isEqualTo(7000);
    assertThat(parse(Map.of()).port()).isEqualTo(8080);
  }

  @Test
  void typed_getters_name_the_bad_setting() {
    BriskConfig c = BriskConfig.of(Map.of("instances", "two", "deadline", "soon",
        "drain", "PT2S", "ms", "250"));
    assertThatThrownBy(() -> c.getInt("instances", 1))
        .hasMessage("instances must be an integer, was 'two'");
    assertThatThrownBy(() -> c.getDuration("deadline", Duration.ZERO))
        .hasMessageContaining("deadline must be a duration").hasMessageContaining("'soon'");
    assertThat(c.getDuration("drain", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.getDuration("ms", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    assertThat(c.getInt("absent", 3)).isEqualTo(3);
  }

  @Test
  void require_names_the_option_and_its_variable() {
    assertThatThrownBy(() -> BriskConfig.of(Map.of()).require("redis-url"))
        .hasMessage("Missing setting --redis-url (env BRISK_REDIS_URL)");
    assertThat(BriskConfig.envName("pg.replica-urls")).isEqualTo("BRISK_PG_REPLICA_URLS");
  }

  @Test
  void numbers_and_flags_name_the_bad_setting() {
    BriskConfig c = BriskConfig.of(Map.of("cache-max-bytes", "lots", "rate-limit-lease-share",
        "half", "cors-credentials", "yes", "dev-services", "TRUE", "size", "5000000000"));
    assertThatThrownBy(() -> c.getLong("cache-max-bytes", 1))
        .hasMessage("cache-max-bytes must be an integer, was 'lots'");
    assertThatThrownBy(() -> c.getDouble("rate-limit-lease-share", 0.05))
        .hasMessage("rate-limit-lease-share must be a number, was 'half'");
    assertThatThrownBy(() -> c.flag("cors-credentials"))
        .hasMessage("cors-credentials must be true or false, was 'yes'");
    assertThat(c.flag("dev-services")).isTrue();
    assertThat(c.getLong("size", 1)).isEqualTo(5_000_000_000L);
    assertThat(c.getDouble("absent", 0.5)).isEqualTo(0.5);
  }

  @Test
  void a_malformed_port_names_the_variable_it_came_from() {
    assertThatThrownBy(() -> parse(Map.of(), "--port", "abc").port())
        .hasMessage("port must be an integer, was 'abc'");
    assertThatThrownBy(() -> parse(Map.of("PORT", "abc")).port())
        .hasMessage("PORT must be an integer, was 'abc'");
    assertThat(parse(Map.of("BRISK_PORT", "7002")).port()).isEqualTo(7002);
    assertThat(parse(Map.of("PORT", " ", "BRISK_PORT", "7002")).port()).isEqualTo(7002);
  }

  @Test
  void unread_names_command_line_options_no_setting_asked_for() {
    BriskConfig c = parse(Map.of("BRISK_UNUSED", "x"), "--concurency-limit", "off",
        "--pg-url", "postgresql://u:secret@h/db", "--cache", "off");
    BriskConfig copy = c.with("host", "127.0.0.1");
    c.get("pg-url");
    copy.get("cache");
    copy.get("host");
    assertThat(c.unread()).containsExactly("concurency-limit");
    assertThat(copy.unread()).containsExactly("concurency-limit");
    assertThat(BriskConfig.of(Map.of("anything", "1")).unread()).isEmpty();
  }

  @Test
  void explain_names_the_setting_an_options_field_came_from() {
    BriskConfig c = parse(Map.of(), "--pg-pool-size", "0", "--deadline", "PT0S");
    c.getInt("pg-pool-size", 16);
    c.getDuration("deadline", Duration.ofSeconds(5));
    c.getDuration("long-running-deadline", Duration.ofHours(1));
    c.getLong("cache-max-bytes", 1 << 20);

    assertThat(c.explain("pgPoolSize must be >= 1, was 0"))
        .isEqualTo("--pg-pool-size (BRISK_PG_POOL_SIZE) must be >= 1, was 0");
    assertThat(c.explain("deadline must be positive, was PT0S"))
        .isEqualTo("--deadline (BRISK_DEADLINE) must be positive, was PT0S");
    assertThat(c.explain("maxBytes must be >= 1024, was 10"))
        .isEqualTo("--cache-max-bytes (BRISK_CACHE_MAX_BYTES) must be >= 1024, was 10");
    assertThat(c.explain("pg-pool-size must be an integer, was 'x'"))
        .startsWith("--pg-pool-size (BRISK_PG_POOL_SIZE) must be");
    assertThat(c.explain("maxOpen must be >= 1, was 0")).isEqualTo("maxOpen must be >= 1, was 0");
    assertThat(c.explain("Connection refused")).isEqualTo("Connection refused");
  }

  @Test
  void explain_names_a_secret_by_its_variable_only() {
    // "--jwt-secret (BRISK_JWT_SECRET) must be ..." sent the user to an option that is refused.
    BriskConfig c = parse(Map.of("BRISK_JWT_SECRET", "short"));
    c.get("jwt-secret");
    assertThat(c.explain("jwt-secret must be at least 32 characters, was 5"))
        .isEqualTo("BRISK_JWT_SECRET must be at least 32 characters, was 5");
  }
}
