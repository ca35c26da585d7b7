package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DevStorePolicyTest {

  private static final String PG = "postgresql://u:secret@db:5432/app";
  private static final String REDIS = "redis://:secret@cache:6379";

  private static BriskConfig env(Map<String, String> env, String... args) {
    return BriskConfig.from(args, env);
  }

  private static DevStores stores() {
    return DevStores.of(Map.of("BRISK_REDIS_URL", "redis://127.0.0.1:1",
        "BRISK_PG_URL", "postgresql://postgres@127.0.0.1:2/postgres",
        "BRISK_EXTRA_KEY", "x"), () -> { });
  }

  @Test
  void neither_url_starts_dev_stores() {
    assertThat(DevStorePolicy.shouldStart(env(Map.of()), true)).isTrue();
  }

  @Test
  void both_urls_start_nothing() {
    assertThat(DevStorePolicy.shouldStart(env(Map.of("BRISK_PG_URL", PG,
        "BRISK_REDIS_URL", REDIS)), true)).isFalse();
    assertThat(DevStorePolicy.shouldStart(env(Map.of(), "--pg-url", PG, "--redis-url", REDIS),
        false)).isFalse();
  }

  @Test
  void exactly_one_url_is_an_error_naming_the_other_and_never_the_password() {
    assertThatThrownBy(() -> DevStorePolicy.shouldStart(env(Map.of("BRISK_PG_URL", PG)), true))
        .hasMessageContaining("BRISK_REDIS_URL").hasMessageNotContaining("BRISK_PG_URL")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> DevStorePolicy.shouldStart(env(Map.of("BRISK_REDIS_URL", REDIS)),
        true)).hasMessageContaining("BRISK_PG_URL").hasMessageNotContaining("BRISK_REDIS_URL")
        .hasMessageNotContaining("secret");
  }

  @Test
  void production_never_starts_and_names_what_is_missing() {
    Map<String, String> prod = Map.of("BRISK_ENV", "Production");
    assertThatThrownBy(() -> DevStorePolicy.shouldStart(env(prod), true))
        .hasMessageContaining("BRISK_PG_URL and BRISK_REDIS_URL")
        .hasMessageContaining("production");
    assertThatThrownBy(() -> DevStorePolicy.shouldStart(env(Map.of("BRISK_ENV", "production",
        "BRISK_PG_URL", PG)), true)).hasMessageContaining("BRISK_REDIS_URL");
    assertThatThrownBy(() -> DevStorePolicy.shouldStart(env(prod, "--dev-services"), true))
        .hasMessageContaining("--dev-services");
    assertThat(DevStorePolicy.shouldStart(env(Map.of("BRISK_ENV", "production",
        "BRISK_PG_URL", PG, "BRISK_REDIS_URL", REDIS)), true)).isFalse();
  }

  @Test
  void a_misspelt_environment_is_refused_naming_it() {
    // BRISK_ENV=prod ran as development: throwaway stores without URLs, demo keys accepted.
    BriskConfig prod = env(Map.of("BRISK_ENV", "prod"));
    assertThatThrownBy(() -> DevStorePolicy.shouldStart(prod, true))
        .satisfies(e -> assertThat(prod.explain(e.getMessage())).isEqualTo(
            "--env (BRISK_ENV) must be development or production, was 'prod'"));
    assertThatThrownBy(() -> DevStorePolicy.shouldStart(env(Map.of("BRISK_ENV", "staging",
        "BRISK_PG_URL", PG, "BRISK_REDIS_URL", REDIS)), true))
        .hasMessageContaining("was 'staging'");
    assertThat(DevStorePolicy.shouldStart(env(Map.of("BRISK_ENV", "Development")), true))
        .isTrue();
  }

  @Test
  void dev_services_flag_forces_a_start_even_with_urls() {
    assertThat(DevStorePolicy.shouldStart(env(Map.of("BRISK_PG_URL", PG, "BRISK_REDIS_URL",
        REDIS), "--dev-services"), true)).isTrue();
    assertThat(DevStorePolicy.shouldStart(env(Map.of("BRISK_PG_URL", PG),
        "--dev-services"), true)).isTrue();
  }

  @Test
  void an_app_without_dev_services_needs_both_urls() {
    assertThatThrownBy(() -> DevStorePolicy.shouldStart(env(Map.of()), false))
        .hasMessageContaining("BRISK_PG_URL").hasMessageContaining("BRISK_REDIS_URL");
  }

  @Test
  void dev_stores_replace_the_urls_and_bind_loopback_unless_host_is_given() {
    BriskConfig applied = DevStorePolicy.apply(env(Map.of("BRISK_PG_URL", PG), "--dev-services"),
        stores());
    assertThat(applied.get("pg-url")).isEqualTo("postgresql://postgres@127.0.0.1:2/postgres");
    assertThat(applied.get("redis-url")).isEqualTo("redis://127.0.0.1:1");
    assertThat(applied.get("extra-key")).isEqualTo("x");
    assertThat(applied.get("host")).isEqualTo("127.0.0.1");
    assertThat(DevStorePolicy.apply(env(Map.of(), "--host", "0.0.0.0"), stores()).get("host"))
        .isEqualTo("0.0.0.0");
  }

  @Test
  void describe_lists_pg_then_redis_then_the_rest() {
    assertThat(DevStorePolicy.describe(env(Map.of()), stores())).isEqualTo(
        "BRISK_PG_URL=postgresql://postgres@127.0.0.1:2/postgres "
            + "BRISK_REDIS_URL=redis://127.0.0.1:1 BRISK_EXTRA_KEY=x");
  }

  @Test
  void cursor_keys_are_required_without_dev_stores_and_named() {
    BriskConfig config = env(Map.of("BRISK_PG_URL", PG, "BRISK_REDIS_URL", REDIS));
    assertThatThrownBy(() -> DevStorePolicy.requireCursorKeys(config, false))
        .hasMessageStartingWith("Missing BRISK_CURSOR_KEYS").hasMessageNotContaining("secret@");
    DevStorePolicy.requireCursorKeys(config.with("cursor-keys", "0123456789abcdef0123"), false);
  }

  @Test
  void dev_stores_supply_the_cursor_keys() {
    DevStores dev = DevStores.of(Map.of("BRISK_CURSOR_KEYS", "k".repeat(64)), () -> { });
    BriskConfig applied = DevStorePolicy.apply(env(Map.of()), dev);
    assertThat(applied.get("cursor-keys")).isEqualTo("k".repeat(64));
    DevStorePolicy.requireCursorKeys(applied, true);
    DevStorePolicy.requireCursorKeys(env(Map.of()), true);
  }

  @Test
  void a_setting_of_the_developers_own_beats_the_dev_stores_and_is_not_printed() {
    DevStores dev = DevStores.of(Map.of("BRISK_PG_URL", "postgresql://postgres@127.0.0.1:2/p",
        "BRISK_REDIS_URL", "redis://127.0.0.1:1", "BRISK_CURSOR_KEYS", "k".repeat(64),
        "BRISK_CARRIER_URL", "http://127.0.0.1:3"), () -> { });
    BriskConfig own = env(Map.of("BRISK_CURSOR_KEYS", "my-own-secret-key-0123"),
        "--carrier-url", "https://sandbox.carrier.example", "--dev-services", "--pg-url", PG);

    BriskConfig applied = DevStorePolicy.apply(own, dev);

    assertThat(applied.get("cursor-keys")).isEqualTo("my-own-secret-key-0123");
    assertThat(applied.get("carrier-url")).isEqualTo("https://sandbox.carrier.example");
    assertThat(applied.get("pg-url")).isEqualTo("postgresql://postgres@127.0.0.1:2/p");
    assertThat(DevStorePolicy.describe(own, dev)).isEqualTo(
        "BRISK_PG_URL=postgresql://postgres@127.0.0.1:2/p BRISK_REDIS_URL=redis://127.0.0.1:1");
  }
}
