package dev.brisk.http;

import dev.brisk.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks brotli4j's native library once per user and library build into a private directory,
 * {@code <java.io.tmpdir>/brisk-native-<uid>/libbrotli-<sha256 prefix>.so} (0700, owned by this
 * user, never a symbolic link), and points brotli4j at it ({@code brotli4j.library.path}).
 *
 * <p>Left to itself, brotli4j copies the library into a new
 * {@code com_aayushatharva_brotli4j_<nanoTime>} directory on every start and removes it only on
 * a clean JVM exit: each SIGKILL or {@code -XX:+ExitOnOutOfMemoryError} exit left a megabyte in
 * the temp directory, and a Kubernetes {@code emptyDir} on {@code /tmp} outlives container
 * restarts. Here every start of the same build reuses one file, checked by its digest before it
 * is loaded. Where this cannot be done (a platform without a bundled library, a temp directory
 * without POSIX permissions, a directory of that name that is not private to this user),
 * brotli4j's own loading runs, after one warning saying why.
 *
 * <p>Blocking file I/O, run once from {@link Compression}'s class initialisation, before any
 * brotli4j class loads.
 */
final class BrotliLibrary {

  private static final Logger LOG = LoggerFactory.getLogger(BrotliLibrary.class);
  static final String PATH_PROPERTY = "brotli4j.library.path";
  static final String DIR_PREFIX = "brisk-native-";

  private BrotliLibrary() {
  }

  /** Sets {@code brotli4j.library.path} to the private copy, unless it is set already. */
  static void prepare() {
    if (System.getProperty(PATH_PROPERTY) != null) {
      return;
    }
    String platform = platform();
    String name = System.mapLibraryName("brotli");
    if (platform == null) {
      return;
    }
    try (InputStream in = BrotliLibrary.class.getResourceAsStream(
        "/lib/" + platform + "/" + name)) {
      if (in == null) {
        return;
      }
      Path library = unpack(in.readAllBytes(), name, Path.of(System.getProperty("java.io.tmpdir")));
      System.setProperty(PATH_PROPERTY, library.toString());
      LOG.debug("brotli native library: {}", library);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not keep brotli's native library in a private directory ({}); brotli4j "
          + "unpacks its own copy into the temp directory on this start", e.getMessage());
    }
  }

  /**
   * The library's file in {@code <tmp>/brisk-native-<uid>}, written (through a temporary file
   * and an atomic rename) unless a file with these exact bytes is there already.
   */
  static Path unpack(byte[] bytes, String libraryName, Path tmp) throws IOException {
    int uid = uid();
    Path dir = privateDir(tmp.resolve(DIR_PREFIX + uid), uid);
    byte[] digest = Sha256.of(bytes);
    int dot = libraryName.lastIndexOf('.');
    Path library = dir.resolve(libraryName.substring(0, dot) + "-"
        + HexFormat.of().formatHex(digest, 0, 12)
        + libraryName.substring(dot));
    if (Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS)
        && MessageDigest.isEqual(Sha256.of(Files.readAllBytes(library)), digest)) {
      return library;
    }
    Path part = Files.createTempFile(dir, "unpacking-", ".part");
    try {
      Files.write(part, bytes);
      Files.move(part, library, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(part);
    }
    return library;
  }

  private static Path privateDir(Path dir, int uid) throws IOException {
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // Checked below, whatever it is.
    }
    Map<String, Object> attrs = Files.readAttributes(dir, "unix:uid,mode,isDirectory",
        LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attrs.get("mode") & 0777;
    if (!(Boolean) attrs.get("isDirectory") || (Integer) attrs.get("uid") != uid
        || mode != 0700) {
      throw new IOException(dir + " is not a directory private to this user (owner uid "
          + attrs.get("uid") + ", mode " + Integer.toOctalString(mode) + ")");
    }
    return dir;
  }

  private static int uid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }


  /** brotli4j's name for this platform's native jar, or {@code null} where there is none. */
  private static String platform() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.equalsIgnoreCase("Linux")) {
      return null;
    }
    return switch (arch) {
      case "amd64", "x86_64" -> "linux-x86_64";
      case "aarch64" -> "linux-aarch64";
      default -> null;
    };
  }
}
