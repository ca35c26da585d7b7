package dev.brisk.devservices;

import static dev.brisk.devservices.StoreProbe.alive;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StaleRunsTest {

  @Test
  void stores_left_by_a_dead_jvm_are_stopped_and_removed_on_next_start() throws Exception {
    Path state = StoreProbe.privateTempDir();
    DevServicesOptions options = DevServicesOptions.defaults().withStateDir(state);
    DefaultDevServices orphan = (DefaultDevServices) DevServices.start(options);
    StateDirs.Run orphanRun = orphan.run();
    Path live = Files.createDirectory(state.resolve("run-live"));
    Files.writeString(live.resolve("owner"), StateDirs.describe(ProcessHandle.current()));
    try {
      // Pretend the owning JVM was killed: pid 999999999 cannot exist (pid_max is lower).
      Files.writeString(orphanRun.records().resolve("owner"),
          "999999999 1 " + RunAs.detect().uid() + "\n");
      // ... before it recorded the postmaster: found through postmaster.pid instead.
      Path processes = orphanRun.records().resolve("processes");
      Files.write(processes, Files.readAllLines(processes).stream()
          .filter(line -> !line.startsWith("postgres ")).toList());

      try (DevServices next = DevServices.start(options)) {
        assertThat(next.redisUrl()).isNotEqualTo(orphan.redisUrl());
        assertThat(orphanRun.records()).doesNotExist();
        assertThat(orphanRun.home()).doesNotExist();
        assertThat(awaitDeath(orphan.postgresPid())).isTrue();
        assertThat(awaitDeath(orphan.redisPid())).isTrue();
        assertThat(live).isDirectory();
      }
    } finally {
      orphan.close();
      StateDirs.deleteTree(state);
    }
  }

  @Test
  void a_recycled_pid_does_not_count_as_the_recorded_process() {
    ProcessHandle self = ProcessHandle.current();
    long start = self.info().startInstant().orElseThrow().toEpochMilli();

    assertThat(StaleRuns.isRunning(self.pid(), start)).isTrue();
    assertThat(StaleRuns.isRunning(self.pid(), start - Duration.ofHours(1).toMillis())).isFalse();
    assertThat(StaleRuns.isRunning(999_999_999L, start)).isFalse();
  }

  private static boolean awaitDeath(long pid) {
    return ProcessHandle.of(pid).map(h -> Commands.awaitExit(h, Duration.ofSeconds(10)))
        .orElse(true) && !alive(pid);
  }
}
