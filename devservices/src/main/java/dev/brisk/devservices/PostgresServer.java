package dev.brisk.devservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL cluster: {@code initdb} into {@code <dir>/data}, then {@code pg_ctl start}
 * on a free loopback port with durability off (fsync, synchronous_commit, full_page_writes). The
 * postmaster detaches from the JVM (pg_ctl daemonizes it), so {@link #stop} must run, and the stale
 * cleanup finds it through {@code postmaster.pid} if it does not. Blocking; starting thread only.
 */
final class PostgresServer {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final int PORT_ATTEMPTS = 3;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final Path bin;
  private final Path dir;
  private final RunAs runAs;
  private final int port;
  private final ProcessHandle postmaster;

  private PostgresServer(Path bin, Path dir, RunAs runAs, int port, long pid) {
    this.bin = bin;
    this.dir = dir;
    this.runAs = runAs;
    this.port = port;
    // A handle remembers the start time, so a recycled pid is never mistaken for ours.
    this.postmaster = pid > 0 ? ProcessHandle.of(pid).orElse(null) : null;
  }

  /** Initializes and starts a cluster in the empty directory {@code dir}; fails with a hint. */
  static PostgresServer start(Path bin, Path dir, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RunAs runAs = prepare(dir);
    initdb(bin, dir, runAs, timeout);
    for (int attempt = 1; ; attempt++) {
      int port = Commands.freePort();
      Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L));
      Commands.Result result = Commands.run(runAs.wrap(pgCtlStart(bin, dir, port, left)), dir,
          dir.resolve("pg_ctl.out"), left.plusSeconds(5));
      PostgresServer server = new PostgresServer(bin, dir, runAs, port, readPid(dir));
      if (result.ok()) {
        LOG.info("PostgreSQL started on port {} from {} {} (pid {})", port, bin,
            runAs.describe(), server.pid());
        return server;
      }
      String log = Commands.tail(dir.resolve("pg.log"));
      server.stop();
      if (attempt < PORT_ATTEMPTS && log.contains("could not bind")) {
        LOG.info("Port {} was taken meanwhile; retrying PostgreSQL on another port", port);
        continue;
      }
      throw failure("pg_ctl start " + result.describe(left) + " (binaries " + bin + ", run "
          + runAs.describe() + ")", Commands.tail(dir.resolve("pg_ctl.out")) + "\n" + log, null);
    }
  }

  /** Creates {@code dir} for the user PostgreSQL will run as. */
  private static RunAs prepare(Path dir) {
    try {
      RunAs runAs = RunAs.detect();
      Files.createDirectories(dir);
      runAs.own(dir);
      return runAs;
    } catch (IOException | RuntimeException e) {
      throw failure("cannot prepare " + dir + ": " + e.getMessage(), null, e);
    }
  }

  private static void initdb(Path bin, Path dir, RunAs runAs, Duration timeout) {
    List<String> command = List.of(bin.resolve("initdb").toString(), "-D",
        dir.resolve("data").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
        "--no-locale", "--no-sync");
    Path out = dir.resolve("initdb.out");
    Commands.Result result = Commands.run(runAs.wrap(command), dir, out, timeout);
    if (!result.ok()) {
      throw failure("initdb " + result.describe(timeout) + " (binaries " + bin + ", run "
          + runAs.describe() + ")", Commands.tail(out), null);
    }
  }

  private static List<String> pgCtlStart(Path bin, Path dir, int port, Duration timeout) {
    String serverOptions = "-p " + port + " -k " + Commands.shellQuote(dir.toString())
        + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
        + " -c full_page_writes=off";
    return List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
        "-l", dir.resolve("pg.log").toString(), "-w", "-t",
        Long.toString(Math.max(1, timeout.toSeconds())), "-o", serverOptions, "start");
  }

  /** {@code postgresql://postgres@127.0.0.1:PORT/postgres}. */
  String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  /** The postmaster's pid, or -1 if unknown. */
  long pid() {
    return postmaster == null ? -1 : postmaster.pid();
  }

  /** The directory the binaries came from. */
  Path bin() {
    return bin;
  }

  /** Immediate shutdown via pg_ctl, then kills the postmaster if needed; true if it is gone. */
  boolean stop() {
    if (Files.isDirectory(dir.resolve("data"))) {
      stopWithPgCtl();
    }
    if (postmaster == null || Commands.awaitExit(postmaster, Duration.ofSeconds(2))) {
      return true;
    }
    return Commands.kill(postmaster, Duration.ofSeconds(3));
  }

  private void stopWithPgCtl() {
    List<String> command = List.of(bin.resolve("pg_ctl").toString(), "-D",
        dir.resolve("data").toString(), "-m", "immediate", "-w", "-t",
        Long.toString(STOP_TIMEOUT.toSeconds()), "stop");
    Commands.Result result = Commands.run(runAs.wrap(command), dir, dir.resolve("pg_ctl.out"),
        STOP_TIMEOUT.plusSeconds(5));
    if (!result.ok()) {
      LOG.debug("pg_ctl stop {}: {}", result.describe(STOP_TIMEOUT),
          Commands.tail(dir.resolve("pg_ctl.out")));
    }
  }

  private static long readPid(Path dir) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("data").resolve("postmaster.pid"));
      return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** A start failure: why, the output tail if any, and the variable to set instead. */
  static IllegalStateException failure(String why, String output, Exception cause) {
    String message = "Could not start the PostgreSQL dev service: " + why
        + (output == null ? "" : "\n--- last output ---\n" + output + "\n---")
        + "\nSet " + DevServices.PG_URL_KEY + "=postgresql://USER@HOST:PORT/DB to use your own "
        + "PostgreSQL instead.";
    return new IllegalStateException(message, cause);
  }
}
