package dev.brisk.devservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after JVMs that died without running their shutdown hook (kill -9, OOM killer): a run
 * directory whose owner JVM is gone has its recorded processes (and the postmaster named in its
 * {@code postmaster.pid}) killed and is deleted with its home. A pid only counts as the recorded
 * process when its start time matches too, so a recycled pid is never killed.
 */
final class StaleRuns {

  private static final Logger LOG = LoggerFactory.getLogger(StaleRuns.class);
  private static final Duration OWNERLESS_GRACE = Duration.ofMinutes(1);
  private static final long START_TOLERANCE_MILLIS = 1500;

  private StaleRuns() {}

  /** Cleans every stale run directory under the (checked) {@code stateDir}; never throws. */
  static void clean(Path stateDir) {
    try (Stream<Path> runs = Files.list(stateDir)) {
      List<Path> stale = runs
          .filter(p -> p.getFileName().toString().startsWith(StateDirs.RUN_PREFIX))
          .filter(StaleRuns::isStale)
          .collect(Collectors.toList());
      stale.forEach(StaleRuns::cleanRun);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not clean stale dev service runs in {}", stateDir, e);
    }
  }

  private static boolean isStale(Path run) {
    Optional<String> owner = firstLine(run.resolve(StateDirs.OWNER_FILE));
    if (owner.isEmpty()) {
      // A run being created right now has no owner record yet; give it a minute.
      return modifiedBefore(run, Instant.now().minus(OWNERLESS_GRACE));
    }
    String[] fields = owner.get().trim().split(" ");
    return fields.length < 2 || !isRunning(parse(fields[0]), parse(fields[1]));
  }

  private static void cleanRun(Path records) {
    LOG.info("Cleaning up dev services left by a dead JVM in {}", records);
    for (String line : lines(records.resolve(StateDirs.PROCESSES_FILE))) {
      String[] fields = line.trim().split(" ");
      if (fields.length == 3) {
        killIfRunning(parse(fields[1]), parse(fields[2]));
      }
    }
    Path home = firstLine(records.resolve(StateDirs.HOME_FILE)).map(Path::of).orElse(records);
    String[] owner = firstLine(records.resolve(StateDirs.OWNER_FILE)).orElse("").split(" ");
    long storeUid = owner.length == 3 ? parse(owner[2]) : -1;
    // The postmaster of a JVM killed before it recorded it. Its pid file lives where the store
    // account writes, so only a process of that account is killed.
    for (String store : List.of("pg", DefaultDevServices.REPLICA_DIR)) {
      postmasterPid(home.resolve(store).resolve("data").resolve("postmaster.pid"))
          .filter(p -> FileChecks.runsAs(p[0], storeUid))
          .ifPresent(p -> killIfRunning(p[0], p[1]));
    }
    if (!StateDirs.deleteRun(new StateDirs.Run(records, home))) {
      LOG.warn("Could not delete stale dev services directories {} and {}", records, home);
    }
  }

  /** Line 1 is the pid, line 3 the start time in epoch seconds (PostgreSQL 9.1+). */
  private static Optional<long[]> postmasterPid(Path file) {
    List<String> lines = lines(file);
    if (lines.size() < 3) {
      return Optional.empty();
    }
    long pid = parse(lines.get(0));
    long startSeconds = parse(lines.get(2));
    return pid > 0 && startSeconds > 0
        ? Optional.of(new long[] {pid, startSeconds * 1000})
        : Optional.empty();
  }

  private static void killIfRunning(long pid, long startMillis) {
    if (isRunning(pid, startMillis) && startMillis > 0) {
      ProcessHandle.of(pid).ifPresent(h -> {
        LOG.info("Stopping orphaned dev service process {} ({})", pid,
            h.info().command().orElse("?"));
        Commands.kill(h, Duration.ofSeconds(3));
      });
    }
  }

  /**
   * Whether {@code pid} is alive and started at {@code startMillis}; an unknown start time counts
   * as a match, so the owner is presumed alive and nothing is killed by mistake.
   */
  static boolean isRunning(long pid, long startMillis) {
    if (pid <= 0) {
      return false;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(Commands::isRunning);
    if (handle.isEmpty()) {
      return false;
    }
    Optional<Instant> started = handle.get().info().startInstant();
    if (started.isEmpty() || startMillis < 0) {
      return true;
    }
    return Math.abs(started.get().toEpochMilli() - startMillis) <= START_TOLERANCE_MILLIS;
  }

  private static Optional<String> firstLine(Path file) {
    List<String> lines = lines(file);
    return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0));
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static boolean modifiedBefore(Path path, Instant cutoff) {
    try {
      return Files.getLastModifiedTime(path).toInstant().isBefore(cutoff);
    } catch (IOException e) {
      return false;
    }
  }

  private static long parse(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
