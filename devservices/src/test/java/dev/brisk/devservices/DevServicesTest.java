package dev.brisk.devservices;

import static dev.brisk.devservices.StoreProbe.alive;
import static dev.brisk.devservices.StoreProbe.ping;
import static dev.brisk.devservices.StoreProbe.selectOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
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
        DevServicesOptions.defaults());
    StateDirs.Run run = dev.run();
    long pgPid = dev.postgresPid();
    long redisPid = dev.redisPid();
    try {
      assertThat(dev.pgUrl())
          .matches("postgresql://postgres:[0-9a-f]{32}@127\\.0\\.0\\.1:\\d+/postgres");
      assertThat(dev.redisUrl()).matches("redis://:[0-9a-f]{32}@127\\.0\\.0\\.1:\\d+");
      assertThat(selectOne(vertx, dev.pgUrl())).startsWith("1 ");
      assertThat(ping(vertx, dev.redisUrl())).isEqualTo("PONG");
      assertThat(run.records()).isDirectory();
      assertThat(run.home()).isDirectory();
      assertThat(alive(pgPid)).isTrue();
      assertThat(alive(redisPid)).isTrue();
    } finally {
      dev.close();
    }
    assertThat(run.records()).doesNotExist();
    assertThat(run.home()).doesNotExist();
    assertThat(alive(pgPid)).isFalse();
    assertThat(alive(redisPid)).isFalse();
  }

  @Test
  void settings_name_both_urls_in_order_then_the_carrier_which_close_stops() throws Exception {
    String carrier;
    try (DevServices dev = DevServices.start(DevServicesOptions.defaults().withCarrier(true))) {
      carrier = dev.settings().get(DevServices.CARRIER_URL_KEY);
      assertThat(dev.settings()).containsExactly(
          Map.entry(DevServices.PG_URL_KEY, dev.pgUrl()),
          Map.entry(DevServices.REDIS_URL_KEY, dev.redisUrl()),
          Map.entry(DevServices.CARRIER_URL_KEY, carrier),
          Map.entry(DevServices.CURSOR_KEYS_KEY, dev.settings().get(
              DevServices.CURSOR_KEYS_KEY)));
      assertThat(carrier).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(accepts(carrier)).isTrue();
    }
    assertThat(accepts(carrier)).isFalse();
  }

  private static boolean accepts(String url) throws IOException {
    URI uri = URI.create(url);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  @Test
  void per_run_passwords_differ() {
    try (DevServices a = DevServices.start(DevServicesOptions.defaults());
        DevServices b = DevServices.start(DevServicesOptions.defaults())) {
      assertThat(a.pgUrl().split("@")[0]).isNotEqualTo(b.pgUrl().split("@")[0]);
      assertThat(a.redisUrl().split("@")[0]).isNotEqualTo(b.redisUrl().split("@")[0]);
      assertThat(a.settings().get(DevServices.CURSOR_KEYS_KEY)).matches("[0-9a-f]{64}")
          .isNotEqualTo(b.settings().get(DevServices.CURSOR_KEYS_KEY));
    }
  }

  @Test
  void redis_restarts_on_the_same_url_after_it_was_killed() {
    try (DevServices dev = DevServices.start(DevServicesOptions.defaults())) {
      assertThat(dev.settings()).as("no fake carrier unless asked for")
          .doesNotContainKey(DevServices.CARRIER_URL_KEY);
      ProcessHandle first = dev.redisProcess().orElseThrow();
      first.destroyForcibly();
      assertThat(Commands.awaitExit(first, java.time.Duration.ofSeconds(10))).isTrue();
      dev.restartRedis();
      assertThat(dev.redisProcess().orElseThrow().pid()).isNotEqualTo(first.pid());
      assertThat(ping(vertx, dev.redisUrl())).isEqualTo("PONG");
    }
  }

  @Test
  void bundled_binaries_serve_both_stores_when_installed_ones_are_skipped() {
    DevServicesOptions options = DevServicesOptions.defaults().withInstalledBinaries(false);
    Path binCache = options.stateDir().resolve("bin");
    try (DefaultDevServices dev = (DefaultDevServices) DevServices.start(options)) {
      // As root the stores run a verified copy in the run's home, which their account can reach.
      Path from = StoreProbe.isRoot() ? dev.run().home() : binCache;
      assertThat(dev.postgresBinDir()).startsWith(from);
      assertThat(dev.redisExecutable()).startsWith(from);
      // The zonky bundle is PostgreSQL 14, whatever is installed.
      assertThat(selectOne(vertx, dev.pgUrl())).startsWith("1 14.");
      assertThat(ping(vertx, dev.redisUrl())).isEqualTo("PONG");
    }
  }

  @Test
  void the_shutdown_hook_is_registered_only_when_asked_for() {
    try (DefaultDevServices dev = (DefaultDevServices) DevServices.start(
        DevServicesOptions.defaults().withShutdownHook(false))) {
      assertThat(dev.hook()).isNull();
    }
    DefaultDevServices dev = (DefaultDevServices) DevServices.start(
        DevServicesOptions.defaults());
    try {
      assertThat(Runtime.getRuntime().removeShutdownHook(dev.hook())).isTrue();
      Runtime.getRuntime().addShutdownHook(dev.hook());
    } finally {
      dev.close();
    }
    assertThat(Runtime.getRuntime().removeShutdownHook(dev.hook())).isFalse();
  }

  @Test
  void shared_is_one_instance_per_jvm_that_close_does_not_stop() {
    DevServices shared = DevServices.shared();
    shared.close();
    assertThat(DevServices.shared()).isSameAs(shared);
    assertThat(selectOne(vertx, shared.pgUrl())).startsWith("1 ");
    assertThat(ping(vertx, shared.redisUrl())).isEqualTo("PONG");
  }
}
