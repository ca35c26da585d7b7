package dev.brisk.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevServicesFailureTest {

  private Path state;
  private Path fakes;
  private DevServicesOptions options;

  @BeforeEach
  void isolateState() throws IOException {
    state = StoreProbe.privateTempDir();
    fakes = StoreProbe.fakeBinDir();
    options = DevServicesOptions.defaults().withStateDir(state)
        .withStartTimeout(Duration.ofSeconds(20));
  }

  @AfterEach
  void removeState() {
    StateDirs.deleteTree(state);
    StateDirs.deleteTree(fakes);
  }

  @Test
  void broken_initdb_fails_with_its_output_and_the_variables_to_set() throws IOException {
    Path bin = fakes;
    StoreProbe.script(bin, "initdb", "echo 'initdb: simulated disk failure' >&2; exit 3");
    StoreProbe.script(bin, "pg_ctl", "exit 1");
    StoreProbe.script(bin, "postgres", "exit 1");

    assertThatThrownBy(() -> DevServices.start(options.withPgBinDir(bin)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PostgreSQL dev service")
        .hasMessageContaining("initdb exited with code 3")
        .hasMessageContaining("initdb: simulated disk failure")
        .hasMessageContaining("Set BRISK_PG_URL and BRISK_REDIS_URL");
    assertThat(runDirs()).isEmpty();
  }

  @Test
  void redis_that_exits_fails_with_its_output_and_the_variables_to_set() throws IOException {
    Path exe = StoreProbe.script(fakes, "redis-server",
        "echo '*** FATAL CONFIG FILE ERROR (simulated) ***'; exit 1");

    assertThatThrownBy(() -> DevServices.start(options.withRedisServer(exe)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Redis dev service")
        .hasMessageContaining("exited with code 1")
        .hasMessageContaining("FATAL CONFIG FILE ERROR (simulated)")
        .hasMessageContaining("Set BRISK_PG_URL and BRISK_REDIS_URL");
    assertThat(runDirs()).isEmpty();
  }

  @Test
  void redis_that_never_answers_times_out_and_is_killed() throws IOException {
    String marker = "599.4" + ProcessHandle.current().pid();
    Path exe = StoreProbe.script(fakes, "redis-server",
        "echo 'pretending to start'; exec sleep " + marker);

    assertThatThrownBy(() -> DevServices.start(options.withRedisServer(exe)
        .withStartTimeout(Duration.ofSeconds(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not answer PING")
        .hasMessageContaining("pretending to start");
    assertThat(ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(marker))
        .filter(ProcessHandle::isAlive))
        .isEmpty();
    assertThat(runDirs()).isEmpty();
  }

  @Test
  void missing_binaries_fail_with_the_variables_to_set() throws IOException {
    Path bin = state.resolve("no-such-dir");

    assertThatThrownBy(() -> DevServices.start(options.withPgBinDir(bin)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-dir does not exist")
        .hasMessageContaining("Set BRISK_PG_URL and BRISK_REDIS_URL");
    assertThat(runDirs()).isEmpty();
  }

  @Test
  void missing_redis_server_fails_with_the_variables_to_set() throws IOException {
    Path exe = state.resolve("no-such-redis-server");

    assertThatThrownBy(() -> DevServices.start(options.withRedisServer(exe)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Redis dev service")
        .hasMessageContaining("no-such-redis-server")
        .hasMessageContaining("Set BRISK_PG_URL and BRISK_REDIS_URL");
    assertThat(runDirs()).isEmpty();
  }

  private List<Path> runDirs() throws IOException {
    try (Stream<Path> files = Files.list(state)) {
      return files.filter(p -> p.getFileName().toString().startsWith("run-")).toList();
    }
  }
}
