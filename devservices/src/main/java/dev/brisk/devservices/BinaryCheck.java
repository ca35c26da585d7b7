package dev.brisk.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * A store binary (an executable, or a {@code bin} directory) and how it is verified before each
 * exec: installed binaries must not be replaceable by other users ({@link FileChecks}); bundled
 * ones must still match the {@link Manifest} recorded when they were unpacked. Blocking.
 */
final class BinaryCheck {

  private final Path path;
  private final List<String> executables;
  private final Path bundleRoot;
  private final Manifest manifest;

  private BinaryCheck(Path path, List<String> executables, Path bundleRoot, Manifest manifest) {
    this.path = path;
    this.executables = executables;
    this.bundleRoot = bundleRoot;
    this.manifest = manifest;
  }

  /**
   * An installed executable ({@code names} empty) or the {@code names} in an installed directory;
   * checked now and before every exec.
   */
  static BinaryCheck installed(Path path, List<String> names) {
    Path real;
    try {
      real = path.toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException(path + " does not exist", e);
    }
    BinaryCheck check = new BinaryCheck(real, List.copyOf(names), null, null);
    check.verify();
    return check;
  }

  /** {@code path} inside the unpacked bundle {@code root}, which must match {@code manifest}. */
  static BinaryCheck bundled(Path root, Path path, Manifest manifest) {
    return new BinaryCheck(path, List.of(), root, manifest);
  }

  /** The executable or directory to run from. */
  Path path() {
    return path;
  }

  /** Whether this is an unpacked bundle (rather than installed binaries). */
  boolean isBundled() {
    return manifest != null;
  }

  /** Throws {@link IllegalStateException} naming what changed if the binary is not trusted. */
  void verify() {
    if (manifest != null) {
      String difference = manifest.difference(Manifest.of(bundleRoot));
      if (difference != null) {
        throw new IllegalStateException("Refusing to run the bundled binaries in " + bundleRoot
            + ": " + difference + " since they were unpacked");
      }
    } else if (executables.isEmpty()) {
      FileChecks.requireTrustedExecutable(path);
    } else {
      executables.forEach(name -> FileChecks.requireTrustedExecutable(path.resolve(name)));
    }
  }

  /**
   * A verified copy of a bundle in {@code dir} (which only this user can write), readable and
   * executable by other users: the account the stores run as cannot reach our private state
   * directory. Installed binaries are returned as they are.
   */
  BinaryCheck copyInto(Path dir) {
    if (manifest == null) {
      return this;
    }
    Path target = dir.resolve(bundleRoot.getFileName());
    try (Stream<Path> paths = Files.walk(bundleRoot)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        copyEntry(source, target.resolve(bundleRoot.relativize(source).toString()));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("Cannot copy " + bundleRoot + " to " + dir + ": "
          + e.getMessage(), e);
    }
    String relative = bundleRoot.relativize(path).toString();
    BinaryCheck copy = bundled(target, relative.isEmpty() ? target : target.resolve(relative),
        manifest);
    copy.verify();
    return copy;
  }

  private static void copyEntry(Path source, Path target) throws IOException {
    if (Files.isSymbolicLink(source)) {
      Files.createSymbolicLink(target, Files.readSymbolicLink(source));
    } else if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(target);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    } else {
      Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES,
          LinkOption.NOFOLLOW_LINKS);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
          Files.isExecutable(source) ? "r-xr-xr-x" : "r--r--r--"));
    }
  }
}
