package dev.brisk.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The private state directory (0700, owned by this user, never a symbolic link): {@code bin/}
 * (unpacked bundled binaries and their manifests) and one {@code run-*} directory per running
 * {@link DevServices}, holding an {@code owner} record (JVM pid, start time, store uid), a
 * {@code processes} record (role, pid, start time per line) and the command output. The stores'
 * data lives in the run's home: the run directory itself, or, when the JVM is root and the
 * stores run as another account, a fresh random directory under the temp dir (root-owned 0711,
 * with the stores' 0700 subdirectories owned by that account). Blocking.
 */
final class StateDirs {

  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
  static final String RUN_PREFIX = "run-";
  static final String OWNER_FILE = "owner";
  static final String PROCESSES_FILE = "processes";
  static final String HOME_FILE = "home";

  private static final Set<PosixFilePermission> TRAVERSE =
      PosixFilePermissions.fromString("rwx--x--x");
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
      PosixFilePermissions.asFileAttribute(PRIVATE);
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** One run: {@code records} in the state dir; {@code home} holds the stores' directories. */
  record Run(Path records, Path home) {}

  private StateDirs() {}

  /** Creates the state dir (0700) if missing, then refuses it unless it is private to us. */
  static Path open(Path stateDir) {
    try {
      Path parent = stateDir.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        Files.createDirectories(parent);
      }
      privateDir(stateDir);
    } catch (FileAlreadyExistsException e) {
      // Checked below, whatever it is.
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the dev services state directory "
          + stateDir, e);
    }
    FileChecks.requirePrivateDir(stateDir, "Dev services state directory");
    return stateDir;
  }

  /** {@code <stateDir>/bin}, created private if missing and checked. */
  static Path binCache(Path stateDir) {
    Path bin = stateDir.resolve("bin");
    try {
      privateDir(bin);
    } catch (FileAlreadyExistsException e) {
      // Checked below.
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + bin, e);
    }
    FileChecks.requirePrivateDir(bin, "Dev services binary cache");
    return bin;
  }

  /** Creates a fresh run owned by this JVM; its home is shared with {@code runAs} if it drops. */
  static Run createRun(Path stateDir, RunAs runAs) {
    try {
      Path records = Files.createTempDirectory(stateDir, RUN_PREFIX, PRIVATE_DIR);
      Files.setPosixFilePermissions(records, PRIVATE);
      writePrivate(records.resolve(OWNER_FILE),
          describe(ProcessHandle.current()) + " " + runAs.uid() + "\n");
      if (!runAs.drops()) {
        return new Run(records, records);
      }
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      Path home = Files.createTempDirectory(tmp, "brisk-devservices-",
          PosixFilePermissions.asFileAttribute(TRAVERSE));
      Files.setPosixFilePermissions(home, TRAVERSE);
      writePrivate(records.resolve(HOME_FILE), home + "\n");
      return new Run(records, home);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a run directory in " + stateDir, e);
    }
  }

  /** Creates a new directory with mode 0700 (fails if anything exists at {@code dir}). */
  static Path privateDir(Path dir) throws IOException {
    Files.createDirectory(dir, PRIVATE_DIR);
    Files.setPosixFilePermissions(dir, PRIVATE);
    return dir;
  }

  /** Writes a new file (never an existing file or link) readable by this user only. */
  static void writePrivate(Path file, String text) throws IOException {
    Files.writeString(Files.createFile(file, PRIVATE_FILE), text, StandardCharsets.UTF_8,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }

  /** Appends {@code role pid startMillis} for a process that must die with this run. */
  static void recordProcess(Path records, String role, ProcessHandle process) {
    try {
      Files.writeString(records.resolve(PROCESSES_FILE), role + " " + describe(process) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record " + role + " pid in " + records, e);
    }
  }

  /** {@code "pid startEpochMillis"}; start is -1 when the OS does not tell. */
  static String describe(ProcessHandle process) {
    long start = process.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L);
    return process.pid() + " " + start;
  }

  /** Deletes a run's home (if separate) and records; false if something is left. */
  static boolean deleteRun(Run run) {
    boolean home = run.home().equals(run.records()) || deleteTree(run.home());
    return deleteTree(run.records()) && home;
  }

  /**
   * Deletes a tree without ever following a symbolic link, even one swapped in meanwhile by
   * the account the stores ran as (entries are opened relative to their parent, O_NOFOLLOW);
   * tolerates files that vanish. False if something is left.
   */
  static boolean deleteTree(Path root) {
    try {
      if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
          if (dir instanceof SecureDirectoryStream<Path> secure) {
            deleteContents(secure);
          } else {
            deleteWalking(root);
          }
        }
      }
      Files.deleteIfExists(root);
    } catch (NoSuchFileException e) {
      // Already gone.
    } catch (IOException | UncheckedIOException e) {
      // Fall through: report whether the root is gone.
    }
    return !Files.exists(root, LinkOption.NOFOLLOW_LINKS);
  }

  private static void deleteContents(SecureDirectoryStream<Path> dir) throws IOException {
    List<Path> names = new ArrayList<>();
    dir.forEach(entry -> names.add(entry.getFileName()));
    for (Path name : names) {
      try {
        boolean isDir = dir.getFileAttributeView(name, BasicFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS).readAttributes().isDirectory();
        if (isDir) {
          try (SecureDirectoryStream<Path> child =
              dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            deleteContents(child);
          }
          dir.deleteDirectory(name);
        } else {
          dir.deleteFile(name);
        }
      } catch (NoSuchFileException e) {
        // Vanished meanwhile.
      }
    }
  }

  private static void deleteWalking(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
