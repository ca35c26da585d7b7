package dev.brisk.shop.faults;

import static dev.brisk.test.TestBrisk.eventually;

import dev.brisk.devservices.DevServices;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults injected into a PostgreSQL of the test's own dev services: freeze and thaw every
 * process of the cluster (SIGSTOP / SIGCONT), or crash it (SIGKILL to all of them, as a power cut
 * does to the processes) and start it again on the same data directory. Test threads only.
 */
final class Postgres {

  private final DevServices dev;

  Postgres(DevServices dev) {
    this.dev = dev;
  }

  void freeze() {
    signal("STOP", processes());
  }

  void thaw() {
    signal("CONT", processes());
  }

  /** SIGKILL to the postmaster and every backend at once; returns when all are gone. */
  void crash() {
    List<ProcessHandle> all = processes();
    signal("KILL", all);
    eventually("every PostgreSQL process is gone", () -> all.stream()
        .noneMatch(ProcessHandle::isAlive));
  }

  void restart() {
    dev.restartPostgres();
  }

  private List<ProcessHandle> processes() {
    ProcessHandle postmaster = dev.postgresProcess().orElseThrow();
    List<ProcessHandle> all = new ArrayList<>();
    all.add(postmaster);
    postmaster.descendants().forEach(all::add);
    return all;
  }

  private static void signal(String signal, List<ProcessHandle> processes) {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    processes.forEach(p -> command.add(Long.toString(p.pid())));
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: "
            + new String(kill.getInputStream().readAllBytes()));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
