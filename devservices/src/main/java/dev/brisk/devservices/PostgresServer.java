package dev.brisk.devservices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL cluster: {@code initdb --auth=scram-sha-256} with a random superuser
 * password into {@code <dir>/data}, then {@code pg_ctl start} on a free port of 127.0.0.1 with
 * no unix socket, durable by default (fsync, synchronous_commit and full_page_writes stay on;
 * the fast mode turns all three off). The postmaster detaches from the JVM (pg_ctl daemonizes
 * it), so {@link #stop} must run, and the stale cleanup finds it through the run records if it
 * does not. {@link #stop} is a fast shutdown (sessions are rolled back and closed, nothing is
 * cut mid-commit). Blocking; starting thread only.
 */
final class PostgresServer {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final int PORT_ATTEMPTS = 3;
  /** Room for a few app instances at their default pools (docs/database.md#connections). */
  static final int MAX_CONNECTIONS = 400;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final BinaryCheck bin;
  private final Path dir;
  private final Path logs;
  private final RunAs runAs;
  private final int port;
  private final String password;
  private final boolean durable;
  private volatile ProcessHandle postmaster;

  private PostgresServer(BinaryCheck bin, Path dir, Path logs, RunAs runAs, int port,
      String password, boolean durable) {
    this.bin = bin;
    this.dir = dir;
    this.logs = logs;
    this.runAs = runAs;
    this.port = port;
    this.password = password;
    this.durable = durable;
    this.postmaster = postmaster(dir, runAs);
  }

  /**
   * Initializes and starts a cluster in the new directory {@code dir} (command output goes to
   * {@code logs}); {@code beforeStart} may change the initialized data directory before the
   * first start; {@code onStart} records the postmaster. Fails with a hint.
   */
  static PostgresServer start(BinaryCheck bin, Path dir, Path logs, RunAs runAs,
      Duration timeout, boolean durable, Consumer<Path> beforeStart,
      Consumer<ProcessHandle> onStart) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String password = Secrets.password();
    prepare(dir, runAs, password);
    initdb(bin, dir, logs, runAs, timeout);
    beforeStart.accept(dir.resolve("data"));
    return launch(bin, dir, logs, runAs, deadline, durable, password, onStart);
  }

  /**
   * Starts a cluster whose data directory {@code dir/data} is already there (a standby made
   * from a base backup of a cluster whose superuser password is {@code password}).
   */
  static PostgresServer startExisting(BinaryCheck bin, Path dir, Path logs, RunAs runAs,
      Duration timeout, boolean durable, String password, Consumer<ProcessHandle> onStart) {
    return launch(bin, dir, logs, runAs, System.nanoTime() + timeout.toNanos(), durable,
        password, onStart);
  }

  private static PostgresServer launch(BinaryCheck bin, Path dir, Path logs, RunAs runAs,
      long deadline, boolean durable, String password, Consumer<ProcessHandle> onStart) {
    for (int attempt = 1; ; attempt++) {
      int port = Commands.freePort();
      Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L));
      Commands.Result result = Commands.run(runAs.wrap(pgCtlStart(verified(bin), dir, port,
          left, durable)), dir, logs.resolve("pg_ctl.out"), left.plusSeconds(5));
      PostgresServer server = new PostgresServer(bin, dir, logs, runAs, port, password,
          durable);
      if (server.postmaster != null) {
        onStart.accept(server.postmaster);
      }
      if (result.ok()) {
        LOG.info("PostgreSQL started on 127.0.0.1:{} from {} {} (pid {})", port, bin.path(),
            runAs.describe(), server.pid());
        return server;
      }
      String log = Commands.tail(dir.resolve("pg.log"));
      server.stop();
      if (attempt < PORT_ATTEMPTS && log.contains("could not bind")) {
        LOG.info("Port {} was taken meanwhile; retrying PostgreSQL on another port", port);
        continue;
      }
      throw failure("pg_ctl start " + result.describe(left) + " (binaries " + bin.path()
          + ", run " + runAs.describe() + ")", Commands.tail(logs.resolve("pg_ctl.out"))
          + "\n" + log, null);
    }
  }

  /** Creates {@code dir} (0700) with the password file, both owned by the store account. */
  private static void prepare(Path dir, RunAs runAs, String password) {
    try {
      StateDirs.privateDir(dir);
      Path pwfile = dir.resolve("pwfile");
      StateDirs.writePrivate(pwfile, password + "\n");
      runAs.own(pwfile);
      runAs.own(dir);
    } catch (IOException | RuntimeException e) {
      throw failure("cannot prepare " + dir + ": " + e.getMessage(), null, e);
    }
  }

  private static void initdb(BinaryCheck bin, Path dir, Path logs, RunAs runAs,
      Duration timeout) {
    Path pwfile = dir.resolve("pwfile");
    List<String> command = List.of(verified(bin).resolve("initdb").toString(), "-D",
        dir.resolve("data").toString(), "--auth=scram-sha-256", "--pwfile=" + pwfile,
        "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync");
    Path out = logs.resolve("initdb.out");
    Commands.Result result = Commands.run(runAs.wrap(command), dir, out, timeout);
    try {
      Files.deleteIfExists(pwfile);
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", pwfile, e);
    }
    if (!result.ok()) {
      throw failure("initdb " + result.describe(timeout) + " (binaries " + bin.path() + ", run "
          + runAs.describe() + ")", Commands.tail(out), null);
    }
  }

  private static Path verified(BinaryCheck bin) {
    try {
      bin.verify();
      return bin.path();
    } catch (RuntimeException e) {
      throw failure(e.getMessage(), null, e);
    }
  }

  private static List<String> pgCtlStart(Path bin, Path dir, int port, Duration timeout,
      boolean durable) {
    // No unix socket at all: only TCP on loopback, where scram applies. max_connections: one
    // instance may open 16 + 16 + 64 (pool, pipelined client, stream pool), and
    // deploy/local-cluster joins several instances to one PostgreSQL.
    String serverOptions = "-p " + port + " -c listen_addresses=127.0.0.1"
        + " -c unix_socket_directories='' -c max_connections=" + MAX_CONNECTIONS
        + (durable ? ""
            : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
    return List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
        "-l", dir.resolve("pg.log").toString(), "-w", "-t",
        Long.toString(Math.max(1, timeout.toSeconds())), "-o", serverOptions, "start");
  }

  /** {@code postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres}. */
  String url() {
    return "postgresql://postgres:" + password + "@127.0.0.1:" + port + "/postgres";
  }

  /** The port it listens on (127.0.0.1 only). */
  int port() {
    return port;
  }

  /** The superuser's password. */
  String password() {
    return password;
  }

  /** The directory holding {@code data} and {@code pg.log}. */
  Path dir() {
    return dir;
  }

  /** The postmaster's pid, or -1 if unknown. */
  long pid() {
    return postmaster == null ? -1 : postmaster.pid();
  }

  /** The binaries it runs from. */
  BinaryCheck bin() {
    return bin;
  }

  /**
   * Starts the cluster again on its data directory and port after it stopped or was killed
   * (PostgreSQL runs crash recovery from its WAL); {@code onStart} records the new postmaster.
   */
  void restart(Duration timeout, Consumer<ProcessHandle> onStart) {
    ProcessHandle old = postmaster;
    if (old != null && Commands.isRunning(old)) {
      throw new IllegalStateException("PostgreSQL (pid " + old.pid() + ") still runs");
    }
    Commands.Result result = Commands.run(runAs.wrap(pgCtlStart(verified(bin), dir, port,
        timeout, durable)), dir, logs.resolve("pg_ctl.out"), timeout.plusSeconds(5));
    postmaster = postmaster(dir, runAs);
    if (postmaster != null) {
      onStart.accept(postmaster);
    }
    if (!result.ok()) {
      throw failure("pg_ctl start (restart) " + result.describe(timeout),
          Commands.tail(dir.resolve("pg.log")), null);
    }
    LOG.info("PostgreSQL restarted on 127.0.0.1:{} (pid {})", port, pid());
  }

  /** The postmaster, or null if unknown. */
  ProcessHandle postmaster() {
    return postmaster;
  }

  /**
   * Fast shutdown via pg_ctl (open sessions are rolled back and disconnected, a checkpoint is
   * written: never the crash-like immediate mode), then kills the postmaster if it is still
   * there; true if it is gone.
   */
  boolean stop() {
    ProcessHandle postmaster = this.postmaster;
    if (Files.isDirectory(dir.resolve("data"), LinkOption.NOFOLLOW_LINKS)
        && (postmaster == null || postmaster.isAlive())) {
      stopWithPgCtl();
    }
    if (postmaster == null || Commands.awaitExit(postmaster, Duration.ofSeconds(2))) {
      return true;
    }
    return Commands.kill(postmaster, Duration.ofSeconds(3));
  }

  private void stopWithPgCtl() {
    try {
      bin.verify();
    } catch (RuntimeException e) {
      LOG.warn("Not running pg_ctl stop: {}; killing the postmaster instead", e.getMessage());
      return;
    }
    List<String> command = List.of(bin.path().resolve("pg_ctl").toString(), "-D",
        dir.resolve("data").toString(), "-m", "fast", "-w", "-t",
        Long.toString(STOP_TIMEOUT.toSeconds()), "stop");
    Commands.Result result = Commands.run(runAs.wrap(command), dir, logs.resolve("pg_ctl.out"),
        STOP_TIMEOUT.plusSeconds(5));
    if (!result.ok()) {
      LOG.debug("pg_ctl stop {}: {}", result.describe(STOP_TIMEOUT),
          Commands.tail(logs.resolve("pg_ctl.out")));
    }
  }

  /**
   * The postmaster named in {@code postmaster.pid}, if it runs as the store account: the file
   * lives in a directory that account writes, so a pid it names is never trusted blindly.
   */
  private static ProcessHandle postmaster(Path dir, RunAs runAs) {
    long pid = readPid(dir.resolve("data").resolve("postmaster.pid"));
    if (pid <= 0 || !FileChecks.runsAs(pid, runAs.uid())) {
      return null;
    }
    // A handle remembers the start time, so a recycled pid is never mistaken for ours.
    return ProcessHandle.of(pid).orElse(null);
  }

  static long readPid(Path postmasterPid) {
    try {
      List<String> lines = Files.readAllLines(postmasterPid, StandardCharsets.UTF_8);
      return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** A start failure: why, the output tail if any, and what to set instead. */
  static IllegalStateException failure(String why, String output, Exception cause) {
    String message = "Could not start the PostgreSQL dev service: " + why
        + (output == null ? "" : "\n--- last output ---\n" + output + "\n---")
        + "\nSet " + DevServices.PG_URL_KEY + " and " + DevServices.REDIS_URL_KEY
        + " to use your own PostgreSQL and Redis instead.";
    return new IllegalStateException(message, cause);
  }
}
