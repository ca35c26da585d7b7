package dev.brisk.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The state directory: {@code bin/} (unpacked bundled binaries) and one {@code run-*} directory per
 * running {@link DevServices}, holding an {@code owner} record (JVM pid and start time), a
 * {@code processes} record (role, pid, start time per line) and the stores' data and logs.
 * Directories are world-readable because PostgreSQL may run as another user (see {@link RunAs}).
 */
final class StateDirs {

  static final Set<PosixFilePermission> SHARED_DIR = PosixFilePermissions.fromString("rwxr-xr-x");
  static final String RUN_PREFIX = "run-";
  static final String OWNER_FILE = "owner";
  static final String PROCESSES_FILE = "processes";

  private StateDirs() {}

  /** Creates a fresh run directory owned by this JVM. */
  static Path createRun(Path stateDir) {
    try {
      createShared(stateDir);
      Path run = Files.createTempDirectory(stateDir, RUN_PREFIX);
      Files.setPosixFilePermissions(run, SHARED_DIR);
      Files.writeString(run.resolve(OWNER_FILE), describe(ProcessHandle.current()) + "\n");
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a run directory in " + stateDir, e);
    }
  }

  /**
   * Creates {@code dir} (and parents) if missing and makes {@code dir} itself readable by other
   * users. Only that one directory: walking the tree would also loosen the 0700 data directory
   * of a PostgreSQL that another JVM is initialising right now, which initdb then rejects.
   */
  static Path createShared(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(dir + " exists and is not a directory", e);
    }
    if (Files.isDirectory(dir)) {
      try {
        Files.setPosixFilePermissions(dir, SHARED_DIR);
      } catch (IOException e) {
        // Not ours (e.g. a state dir of another user); the start reports real failures.
      }
    }
    return dir;
  }

  /** Makes a tree we own readable and traversable by other users. */
  static void makeShared(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.setPosixFilePermissions(p, SHARED_DIR);
          } catch (IOException e) {
            // Not ours (e.g. a state dir of another user); the start reports real failures.
          }
        }
      }
    }
  }

  /** Appends {@code role pid startMillis} for a process that must die with this run. */
  static void recordProcess(Path run, String role, ProcessHandle process) {
    try {
      Files.writeString(run.resolve(PROCESSES_FILE), role + " " + describe(process) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record " + role + " pid in " + run, e);
    }
  }

  /** {@code "pid startEpochMillis"}; start is -1 when the OS does not tell. */
  static String describe(ProcessHandle process) {
    long start = process.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L);
    return process.pid() + " " + start;
  }

  /** Copies {@code in} to {@code target} atomically (temp file and rename). */
  static void publish(InputStream in, Path target, boolean executable) throws IOException {
    createShared(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "unpacking-", ".tmp");
    try {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(temp, executable ? SHARED_DIR
          : PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Deletes a tree, tolerating files that vanish meanwhile; false if something is left. */
  static boolean deleteTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(StateDirs::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      // Fall through: report whether the root is gone.
    }
    return !Files.exists(root, LinkOption.NOFOLLOW_LINKS);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (NoSuchFileException e) {
      // Already gone.
    } catch (IOException e) {
      // Left behind; deleteTree reports it.
    }
  }
}
