package dev.brisk.shop.faults;

import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two shop instances behind HAProxy ({@code deploy/local-cluster up}), joined to a durable
 * PostgreSQL and a Redis this test owns and breaks while load runs through HAProxy: cursors
 * cross instances; a Redis restart is no 5xx and limits go back to Redis; a PostgreSQL crash is
 * readiness 503 and fast 503 problems, loses no acknowledged order and heals without restarting
 * an instance; a killed instance loses no read (HAProxy retries them) and at most the writes in
 * flight on it; a stopped replica takes no read down (reads move to the primary) and rejoins. The
 * instance kill runs last: it leaves one instance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {

  private static DevServices dev;
  private static Postgres postgres;
  private static LocalCluster cluster;

  @BeforeAll
  static void up() throws Exception {
    dev = DevServices.start(DevServicesOptions.defaults().withReplica(true));
    postgres = new Postgres(dev);
    cluster = LocalCluster.up(dev.settings(), 2, freePort());
    ClusterLoad.Client client = new ClusterLoad.Client(cluster.port());
    // Enough stock that orders under load never run out (409 would hide real failures).
    for (int id = 101; id <= 108; id++) {
      HttpResponse<String> patch = client.patch("/api/products/" + id, "{\"stock\": 1000000}");
      assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);
    }
  }

  @AfterAll
  static void down() throws Exception {
    try {
      if (cluster != null) {
        cluster.down();
      }
    } finally {
      if (dev != null) {
        dev.close();
      }
    }
  }

  @Test
  @Order(0)
  void instances_run_a_copy_of_the_jar_that_a_rebuild_does_not_touch() throws Exception {
    // ./mvnw package rewrites target/brisk-sample-app.jar in place (same inode); instances
    // running it then fail with NoClassDefFoundError on every class they had not loaded yet.
    Path built = Path.of("target", "brisk-sample-app.jar").toAbsolutePath();
    for (long pid : cluster.pids()) {
      List<String> cmdline = List.of(Files.readString(Path.of("/proc", Long.toString(pid),
          "cmdline")).split("\0"));
      Path jar = Path.of(cmdline.get(cmdline.indexOf("-jar") + 1));
      assertThat(Files.isSameFile(jar, built)).as(jar + " is the build's own jar").isFalse();
      assertThat(jar.toAbsolutePath().startsWith(cluster.stateDir())).as(jar.toString()).isTrue();
    }
  }

  @Test
  @Order(1)
  void a_cursor_signed_by_one_instance_verifies_on_the_other() throws Exception {
    ClusterLoad.Client first = new ClusterLoad.Client(cluster.instancePort(1));
    ClusterLoad.Client second = new ClusterLoad.Client(cluster.instancePort(2));
    HttpResponse<String> page = first.get("/api/products?limit=2&fields=id");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    String cursor = new JsonObject(page.body()).getJsonObject("page").getString("next_cursor");
    HttpResponse<String> next = second.get("/api/products?limit=2&fields=id&cursor=" + cursor);
    assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    assertThat(new JsonObject(next.body()).getJsonArray("data")).hasSize(2);
  }

  @Test
  @Order(2)
  void a_redis_restart_under_load_is_no_5xx_and_limits_return_to_redis() throws Exception {
    ClusterLoad load = ClusterLoad.start(cluster.port(), 3, 0);
    try {
      load.awaitSuccesses(20);
      ProcessHandle redis = dev.redisProcess().orElseThrow();
      redis.destroyForcibly();
      redis.onExit().get(30, TimeUnit.SECONDS);
      eventually("every instance limits locally", () -> rateLimits("DOWN"));
      load.awaitSuccesses(load.successes() + 20);
      dev.restartRedis();
      eventually("every instance limits through Redis again", () -> rateLimits("UP"));
      load.awaitSuccesses(load.successes() + 20);
    } finally {
      load.close();
    }
    assertThat(load.statuses()).as("statuses").isSubsetOf(Set.of(200, 429));
  }

  @Test
  @Order(3)
  void a_primary_crash_is_fast_503_problems_loses_no_order_and_heals_in_place()
      throws Exception {
    List<Long> pids = cluster.pids();
    ClusterLoad load = ClusterLoad.start(cluster.port(), 2, 2);
    try {
      load.awaitSuccesses(20);
      postgres.crash();
      eventually("no instance is ready", () -> instanceReadiness().stream()
          .allMatch(s -> s == 503));
      ClusterLoad.Client client = new ClusterLoad.Client(cluster.port());
      HttpResponse<String> order = client.order("crash-" + System.nanoTime());
      assertThat(order.statusCode()).as(order.body()).isEqualTo(503);
      assertThat(order.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(order.headers().firstValue("Retry-After")).isPresent();
      assertThat(client.get("/health/ready").statusCode()).isEqualTo(503);
      postgres.restart();
      eventually("every instance is ready again", () -> instanceReadiness().stream()
          .allMatch(s -> s == 200));
      load.awaitWrites(load.writes() + 10);
    } finally {
      load.close();
    }
    assertThat(cluster.pids()).as("no instance restarted").isEqualTo(pids);
    assertThat(load.statuses()).as("statuses").isSubsetOf(Set.of(200, 201, 429, 503));
    assertThat(load.problemsWithoutType()).as("503s without problem+json").isZero();
    load.assertAcknowledgedOrdersExist(new ClusterLoad.Client(cluster.port()));
  }

  @Test
  @Order(4)
  void a_dead_replica_moves_reads_to_the_primary_without_errors() throws Exception {
    eventually("every instance reads from the replica", () -> replicaInRotation("1.0"));
    ClusterLoad load = ClusterLoad.start(cluster.port(), 3, 0);
    try {
      load.awaitSuccesses(20);
      dev.stopReplica();
      eventually("every instance took the replica out", () -> replicaInRotation("0.0"));
      assertThat(instanceReadiness()).as("readiness without the replica").containsOnly(200);
      load.awaitSuccesses(load.successes() + 40);
      dev.startReplica();
      eventually("every instance reads from the replica again", () -> replicaInRotation("1.0"));
      load.awaitSuccesses(load.successes() + 20);
    } finally {
      load.close();
    }
    assertThat(load.statuses()).as("statuses").isSubsetOf(Set.of(200, 429));
  }

  @Test
  @Order(5)
  void a_killed_instance_loses_no_read_and_at_most_its_in_flight_writes() throws Exception {
    int writers = 2;
    ClusterLoad load = ClusterLoad.start(cluster.port(), 3, writers);
    try {
      load.awaitSuccesses(30);
      ProcessHandle victim = ProcessHandle.of(cluster.pids().get(1)).orElseThrow();
      victim.destroyForcibly();
      victim.onExit().get(30, TimeUnit.SECONDS);
      load.awaitSuccesses(load.successes() + 40);
      load.awaitWrites(load.writes() + 5);
    } finally {
      load.close();
    }
    assertThat(load.failedReads()).as("failed reads").isEmpty();
    assertThat(load.failedWrites()).as("failed writes").hasSizeLessThanOrEqualTo(writers);
    load.assertAcknowledgedOrdersExist(new ClusterLoad.Client(cluster.port()));
  }

  /** Whether every instance reports its {@code rate-limits} check as {@code status}. */
  private static boolean rateLimits(String status) {
    return IntStream.rangeClosed(1, 2).allMatch(i -> {
      try {
        HttpResponse<String> health = new ClusterLoad.Client(cluster.instancePort(i))
            .get("/health/ready");
        return status.equals(new JsonObject(health.body()).getJsonObject("checks")
            .getJsonObject("rate-limits").getString("status"));
      } catch (Exception e) {
        return false;
      }
    });
  }

  /** Whether every instance's {@code brisk_db_replica_in_rotation} gauge reads {@code value}. */
  private static boolean replicaInRotation(String value) {
    return IntStream.rangeClosed(1, 2).allMatch(i -> {
      try {
        String metrics = new ClusterLoad.Client(cluster.instancePort(i)).get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("brisk_db_replica_in_rotation{"))
            .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList().equals(List.of(value));
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static List<Integer> instanceReadiness() {
    return IntStream.rangeClosed(1, 2).mapToObj(i -> {
      try {
        return new ClusterLoad.Client(cluster.instancePort(i)).get("/health/ready").statusCode();
      } catch (Exception e) {
        return -1;
      }
    }).toList();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
