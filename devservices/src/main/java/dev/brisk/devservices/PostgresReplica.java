package dev.brisk.devservices;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming replica of the dev PostgreSQL. Before the primary's first start ({@link
 * #prepareSource}) the primary gets a {@code pg_hba.conf} allowing only scram logins from
 * 127.0.0.1, WAL retention for a replica that was stopped a while, and a replication role
 * {@value #USER} with its own per-run password (created in single-user mode, so no SQL client
 * is needed). Once the primary runs ({@link #start}), {@code pg_basebackup -R} copies it when
 * the binaries include it (installed PostgreSQL); the bundled binaries ship only initdb, pg_ctl
 * and postgres, so there the cluster is copied while still stopped after initdb and the same
 * {@code standby.signal} and {@code primary_conninfo} that {@code -R} writes are added. The
 * replica then starts on its own port like the primary and counts as ready once its log says it
 * entered standby mode and streams WAL. Blocking; starting thread only.
 */
final class PostgresReplica {

  static final String USER = "brisk_replicator";
  private static final Logger LOG = LoggerFactory.getLogger(PostgresReplica.class);
  private static final String HBA = "# Brisk dev services: TCP on 127.0.0.1 only, scram only\n"
      + "host all all 127.0.0.1/32 scram-sha-256\n"
      + "host replication " + USER + " 127.0.0.1/32 scram-sha-256\n";
  private static final String CONF = "\n# Brisk dev services: a streaming replica follows this "
      + "cluster; keep WAL for a replica that was stopped for a while\nwal_keep_size = 256MB\n";

  private final BinaryCheck bin;
  private final Path dir;
  private final Path logs;
  private final RunAs runAs;
  private final String password = Secrets.password();
  private final boolean basebackup;

  PostgresReplica(BinaryCheck bin, Path dir, Path logs, RunAs runAs) {
    this.bin = bin;
    this.dir = dir;
    this.logs = logs;
    this.runAs = runAs;
    this.basebackup = !bin.isBundled() && Files.isExecutable(bin.path().resolve("pg_basebackup"));
  }

  /**
   * Prepares the primary's freshly initialized, stopped {@code data} directory for
   * replication, and copies it when there is no {@code pg_basebackup}.
   */
  void prepareSource(Path data) {
    try {
      StateDirs.privateDir(dir);
      runAs.own(dir);
      Path pgpass = dir.resolve("pgpass");
      StateDirs.writePrivate(pgpass, "127.0.0.1:*:*:" + USER + ":" + password + "\n");
      runAs.own(pgpass);
      writeAsStore(data.resolve("pg_hba.conf"), HBA, false);
      writeAsStore(data.resolve("postgresql.conf"), CONF, true);
    } catch (IOException | RuntimeException e) {
      throw PostgresServer.failure("cannot prepare the replica in " + dir + ": "
          + e.getMessage(), null, e);
    }
    createRole(data);
    if (!basebackup) {
      Path cp = Commands.onPath("cp");
      if (cp == null) {
        throw PostgresServer.failure("no cp on PATH to copy the primary for the replica", null,
            null);
      }
      cp = FileChecks.requireTrustedExecutable(cp);
      run(List.of(cp.toString(), "-a", data.toString(), dir.resolve("data").toString()), null,
          Map.of(), "copy of the stopped primary", Duration.ofSeconds(60));
    }
  }

  private void createRole(Path data) {
    Path sql = logs.resolve("replica-role.sql");
    try {
      StateDirs.writePrivate(sql, "CREATE ROLE " + USER + " WITH REPLICATION LOGIN PASSWORD '"
          + password + "'\n");
      run(List.of(bin.path().resolve("postgres").toString(), "--single", "-D", data.toString(),
          "-c", "exit_on_error=on", "-c", "password_encryption=scram-sha-256", "postgres"), sql,
          Map.of(), "creating the replication role", Duration.ofSeconds(60));
    } catch (IOException e) {
      throw PostgresServer.failure("cannot write " + sql + ": " + e.getMessage(), null, e);
    } finally {
      try {
        Files.deleteIfExists(sql);
      } catch (IOException e) {
        LOG.debug("Cannot delete {}", sql, e);
      }
    }
  }

  /**
   * Makes the standby from the running {@code primary} and starts it; ready once it is in
   * recovery and streaming. {@code onStart} records the replica's postmaster.
   */
  PostgresServer start(PostgresServer primary, Duration timeout, boolean durable,
      Consumer<ProcessHandle> onStart) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (basebackup) {
      FileChecks.requireTrustedExecutable(bin.path().resolve("pg_basebackup"));
      run(List.of(bin.path().resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
          Integer.toString(primary.port()), "-U", USER, "-D", dir.resolve("data").toString(),
          "-R", "-X", "stream", "-c", "fast", "--no-sync", "-w"), null,
          Map.of("PGPASSFILE", dir.resolve("pgpass").toString()), "pg_basebackup -R", timeout);
    } else {
      standbyConfig(primary.port());
    }
    PostgresServer replica = PostgresServer.startExisting(bin, dir, logs, runAs, timeout,
        durable, primary.password(), onStart);
    awaitStreaming(replica, deadline);
    LOG.info("PostgreSQL replica of 127.0.0.1:{} streams on 127.0.0.1:{} (base backup: {})",
        primary.port(), replica.port(), basebackup ? "pg_basebackup -R" : "copy of the stopped "
            + "primary");
    return replica;
  }

  /** What {@code pg_basebackup -R} writes: {@code standby.signal} and {@code primary_conninfo}. */
  private void standbyConfig(int primaryPort) {
    Path data = dir.resolve("data");
    String conninfo = "host=127.0.0.1 port=" + primaryPort + " user=" + USER + " passfile="
        + dir.resolve("pgpass") + " application_name=brisk_replica";
    try {
      writeAsStore(data.resolve("standby.signal"), "", false);
      writeAsStore(data.resolve("postgresql.auto.conf"), "primary_conninfo = '"
          + conninfo.replace("'", "''") + "'\n", true);
    } catch (IOException e) {
      throw PostgresServer.failure("cannot configure the standby in " + data + ": "
          + e.getMessage(), null, e);
    }
  }

  /**
   * Writes (or appends to) a file in a directory the store account owns, never through a link
   * it may have put there, and hands a new file to that account.
   */
  private void writeAsStore(Path file, String text, boolean append) throws IOException {
    boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    try (OutputStream out = Files.newOutputStream(file, LinkOption.NOFOLLOW_LINKS,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, append
            ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    if (!existed) {
      runAs.own(file);
    }
  }

  private void awaitStreaming(PostgresServer replica, long deadline) {
    Path log = dir.resolve("pg.log");
    while (true) {
      String tail = Commands.tail(log);
      if (tail.contains("entering standby mode") && tail.contains("started streaming WAL")) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        replica.stop();
        throw PostgresServer.failure("the replica did not start streaming from the primary",
            tail, null);
      }
      Commands.pause(Duration.ofMillis(25));
    }
  }

  private void run(List<String> command, Path input, Map<String, String> env, String what,
      Duration timeout) {
    Path out = logs.resolve("replica.out");
    bin.verify();
    Commands.Result result = Commands.run(runAs.wrap(command), dir, input, env, out, timeout);
    if (!result.ok()) {
      throw PostgresServer.failure(what + " " + result.describe(timeout) + " (binaries "
          + bin.path() + ", run " + runAs.describe() + ")", Commands.tail(out), null);
    }
  }
}
