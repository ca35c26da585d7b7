package dev.brisk.devservices;

import static dev.brisk.devservices.StoreProbe.query;
import static dev.brisk.devservices.StoreProbe.redis;
import static dev.brisk.devservices.StoreProbe.selectOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The safety rules, proven against the real stores. */
class DevServicesSecurityTest {

  private static Vertx vertx;
  private static Path state;
  private static DefaultDevServices dev;

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    state = StoreProbe.privateTempDir();
    dev = (DefaultDevServices) DevServices.start(DevServicesOptions.defaults()
        .withStateDir(state));
  }

  @AfterAll
  static void stop() {
    dev.close();
    StateDirs.deleteTree(state);
    StoreProbe.await(vertx.close());
  }

  @Test
  void postgres_refuses_connections_without_the_password() {
    String none = dev.pgUrl().replaceFirst(":[0-9a-f]{32}@", "@");
    String wrong = dev.pgUrl().replaceFirst(":[0-9a-f]{32}@", ":" + "0".repeat(32) + "@");

    assertThatThrownBy(() -> selectOne(vertx, none)).hasMessageContaining("password");
    assertThatThrownBy(() -> selectOne(vertx, wrong))
        .hasMessageContaining("password authentication failed");
    assertThat(selectOne(vertx, dev.pgUrl())).startsWith("1 ");
  }

  @Test
  void postgres_has_room_for_several_instances_at_their_default_pools() {
    assertThat(query(vertx, dev.pgUrl(), "SHOW max_connections")).isEqualTo("400");
  }

  @Test
  void postgres_uses_scram_on_loopback_tcp_only_without_a_unix_socket() throws IOException {
    assertThat(query(vertx, dev.pgUrl(), "SHOW listen_addresses")).isEqualTo("127.0.0.1");
    assertThat(query(vertx, dev.pgUrl(), "SHOW unix_socket_directories")).isEmpty();
    assertThat(query(vertx, dev.pgUrl(), "SHOW password_encryption"))
        .isEqualTo("scram-sha-256");
    List<String> rules = Files.readAllLines(dev.run().home().resolve("pg/data/pg_hba.conf"))
        .stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertThat(rules).isNotEmpty().allMatch(l -> l.endsWith("scram-sha-256"));
    try (Stream<Path> files = Files.walk(dev.run().home())) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith(".s.PGSQL")))
          .isEmpty();
    }
  }

  @Test
  void redis_refuses_commands_without_the_password() {
    String none = dev.redisUrl().replaceFirst(":[0-9a-f]{32}@", "");
    String wrong = dev.redisUrl().replaceFirst(":[0-9a-f]{32}@", ":" + "0".repeat(32) + "@");

    assertThatThrownBy(() -> redis(vertx, none, Request.cmd(Command.GET).arg("k")))
        .hasMessageContaining("NOAUTH");
    assertThatThrownBy(() -> redis(vertx, wrong, Request.cmd(Command.GET).arg("k")))
        .hasMessageContaining("WRONGPASS");
  }

  @Test
  void redis_refuses_renamed_commands_and_keeps_what_apps_need() {
    String url = dev.redisUrl();
    for (Request dangerous : List.of(Request.cmd(Command.CONFIG).arg("SET").arg("dir")
            .arg("/etc"), Request.cmd(Command.SAVE), Request.cmd(Command.DEBUG).arg("SLEEP")
            .arg("0"), Request.cmd(Command.MODULE).arg("LIST"), Request.cmd(Command.ACL)
            .arg("LIST"), Request.cmd(Command.REPLICAOF).arg("NO").arg("ONE"),
        Request.cmd(Command.BGSAVE), Request.cmd(Command.SHUTDOWN))) {
      assertThatThrownBy(() -> redis(vertx, url, dangerous)).hasMessageContaining("unknown");
    }
    assertThat(redis(vertx, url, Request.cmd(Command.EVAL).arg("return 7").arg(0)).toInteger())
        .isEqualTo(7);
    assertThat(redis(vertx, url, Request.cmd(Command.PUBLISH).arg("c").arg("m")).toInteger())
        .isZero();
    assertThat(redis(vertx, url, Request.cmd(Command.FLUSHDB)).toString()).isEqualTo("OK");
  }

  @Test
  void stores_never_run_as_root() {
    List<Long> pids = new ArrayList<>(List.of(dev.postgresPid(), dev.redisPid()));
    ProcessHandle.of(dev.postgresPid()).orElseThrow().children()
        .forEach(child -> pids.add(child.pid()));
    assertThat(pids).hasSizeGreaterThan(2);
    int storeUid = uids(dev.redisPid()).get(0);
    for (long pid : pids) {
      List<Integer> uids;
      try {
        uids = uids(pid);
      } catch (AssertionError gone) {
        // A backend may end between the listing and the read (its client disconnected).
        if (pid == dev.postgresPid() || pid == dev.redisPid()) {
          throw gone;
        }
        continue;
      }
      // Real, effective, saved and filesystem uid.
      assertThat(uids).as("uids of %d", pid).hasSize(4).doesNotContain(0)
          .containsOnly(storeUid);
    }
    if (!StoreProbe.isRoot()) {
      assertThat(uids(dev.redisPid())).containsOnly(uids(ProcessHandle.current().pid()).get(0));
    }
  }

  @Test
  void state_and_store_directories_are_private() throws IOException {
    int storeUid = uids(dev.redisPid()).get(0);
    assertThat(mode(state)).isEqualTo("rwx------");
    assertThat(owner(state)).isEqualTo(uids(ProcessHandle.current().pid()).get(0));
    assertThat(mode(dev.run().records())).isEqualTo("rwx------");
    Path home = dev.run().home();
    for (Path dir : List.of(home.resolve("pg"), home.resolve("pg/data"), home.resolve("redis"))) {
      assertThat(mode(dir)).as(dir.toString()).isEqualTo("rwx------");
      assertThat(owner(dir)).as(dir.toString()).isEqualTo(storeUid);
    }
    assertThat(mode(home.resolve("redis/redis.conf"))).isEqualTo("rw-------");
    assertThat(home.resolve("pg/pwfile")).doesNotExist();
    if (StoreProbe.isRoot()) {
      assertThat(home).isNotEqualTo(dev.run().records());
      assertThat(mode(home)).isEqualTo("rwx--x--x");
      assertThat(owner(home)).isZero();
    }
  }

  @Test
  void passwords_are_on_no_command_line() throws IOException {
    String pgPassword = dev.pgUrl().replaceAll(".*:([0-9a-f]{32})@.*", "$1");
    String redisPassword = dev.redisUrl().replaceAll(".*:([0-9a-f]{32})@.*", "$1");
    for (long pid : List.of(dev.postgresPid(), dev.redisPid())) {
      String cmdline = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
          StandardCharsets.UTF_8);
      assertThat(cmdline).isNotEmpty().doesNotContain(pgPassword).doesNotContain(redisPassword);
    }
  }

  static List<Integer> uids(long pid) {
    try {
      String line = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
      return Arrays.stream(line.substring(4).trim().split("\\s+")).map(Integer::valueOf)
          .toList();
    } catch (IOException e) {
      throw new AssertionError("no /proc/" + pid, e);
    }
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p,
        LinkOption.NOFOLLOW_LINKS));
  }

  private static int owner(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }
}
