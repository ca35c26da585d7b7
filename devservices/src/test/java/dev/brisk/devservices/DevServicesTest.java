package dev.brisk.devservices;

import static dev.brisk.devservices.StoreProbe.alive;
import static dev.brisk.devservices.StoreProbe.ping;
import static dev.brisk.devservices.StoreProbe.selectOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DevServicesTest {

  private static Vertx vertx;

  @BeforeAll
  static void createVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    StoreProbe.await(vertx.close());
  }

  @Test
  void starts_real_postgres_and_redis_and_close_removes_them() {
    DefaultDevServices dev = (DefaultDevServices) DevServices.start(
        DevServicesOptions.defaults().withSettings(Map.of()));
    Path run = dev.runDir();
    long pgPid = dev.postgresPid();
    long redisPid = dev.redisPid();
    try {
      assertThat(dev.startedPostgres()).isTrue();
      assertThat(dev.startedRedis()).isTrue();
      assertThat(dev.pgUrl()).matches("postgresql://postgres@127\\.0\\.0\\.1:\\d+/postgres");
      assertThat(dev.redisUrl()).matches("redis://127\\.0\\.0\\.1:\\d+");
      assertThat(selectOne(vertx, dev.pgUrl())).startsWith("1 ");
      assertThat(ping(vertx, dev.redisUrl())).isEqualTo("PONG");
      assertThat(run).isDirectory();
      assertThat(alive(pgPid)).isTrue();
      assertThat(alive(redisPid)).isTrue();
    } finally {
      dev.close();
    }
    assertThat(run).doesNotExist();
    assertThat(alive(pgPid)).isFalse();
    assertThat(alive(redisPid)).isFalse();
  }

  @Test
  void bundled_binaries_serve_both_stores_when_installed_ones_are_skipped() {
    DevServicesOptions options = DevServicesOptions.defaults().withSettings(Map.of())
        .withInstalledBinaries(false);
    Path binCache = options.stateDir().resolve("bin");
    try (DefaultDevServices dev = (DefaultDevServices) DevServices.start(options)) {
      assertThat(dev.postgresBinDir()).startsWith(binCache);
      assertThat(dev.redisExecutable()).startsWith(binCache);
      // The zonky bundle is PostgreSQL 14, whatever is installed.
      assertThat(selectOne(vertx, dev.pgUrl())).startsWith("1 14.");
      assertThat(ping(vertx, dev.redisUrl())).isEqualTo("PONG");
    }
  }

  @Test
  void configured_urls_start_nothing() throws Exception {
    Path state = StoreProbe.sharedTempDir().resolve("never-created");
    Map<String, String> settings = Map.of(
        DevServices.PG_URL_KEY, "postgresql://app@db.example:5432/app",
        DevServices.REDIS_URL_KEY, " redis://cache.example:6379 ");
    try (DevServices dev = DevServices.start(DevServicesOptions.defaults()
        .withSettings(settings).withStateDir(state))) {
      assertThat(dev.startedPostgres()).isFalse();
      assertThat(dev.startedRedis()).isFalse();
      assertThat(dev.pgUrl()).isEqualTo("postgresql://app@db.example:5432/app");
      assertThat(dev.redisUrl()).isEqualTo("redis://cache.example:6379");
    }
    assertThat(state).doesNotExist();
    StateDirs.deleteTree(state.getParent());
  }

  @Test
  void starts_only_the_store_that_is_not_configured() throws Exception {
    Path state = StoreProbe.sharedTempDir();
    Map<String, String> settings = Map.of(DevServices.PG_URL_KEY, "postgresql://x@127.0.0.1:1/x",
        DevServices.REDIS_URL_KEY, "  ");
    try (DevServices dev = DevServices.start(DevServicesOptions.defaults()
        .withSettings(settings).withStateDir(state))) {
      assertThat(dev.startedPostgres()).isFalse();
      assertThat(dev.startedRedis()).isTrue();
      assertThat(dev.pgUrl()).isEqualTo("postgresql://x@127.0.0.1:1/x");
      assertThat(ping(vertx, dev.redisUrl())).isEqualTo("PONG");
    } finally {
      StateDirs.deleteTree(state);
    }
  }

  @Test
  void shared_is_one_instance_per_jvm_that_close_does_not_stop() {
    DevServices shared = DevServices.shared();
    shared.close();
    assertThat(DevServices.shared()).isSameAs(shared);
    assertThat(selectOne(vertx, shared.pgUrl())).startsWith("1 ");
    assertThat(ping(vertx, shared.redisUrl())).isEqualTo("PONG");
  }

  @Test
  void summary_names_both_urls_in_effect() throws Exception {
    Path state = StoreProbe.sharedTempDir();
    Map<String, String> settings = Map.of(DevServices.PG_URL_KEY, "postgresql://a@h:1/d",
        DevServices.REDIS_URL_KEY, "redis://h:2");
    try (DefaultDevServices dev = (DefaultDevServices) DevServices.start(
        DevServicesOptions.defaults().withSettings(settings).withStateDir(state))) {
      assertThat(dev.summary()).isEqualTo(
          "Dev services: BRISK_PG_URL=postgresql://a@h:1/d BRISK_REDIS_URL=redis://h:2");
    } finally {
      StateDirs.deleteTree(state);
    }
  }
}
