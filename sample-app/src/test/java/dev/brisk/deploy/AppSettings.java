package dev.brisk.deploy;

import dev.brisk.BriskConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables the shop reads, found in the main sources of the framework and the
 * shop: every key read through a {@link BriskConfig} ({@code config.get("pg-url")} is
 * {@code BRISK_PG_URL}, also {@code onOff(config, "cache")} and {@code config.parse("x", ...)}),
 * {@code BRISK_ENV} where {@code config.production()} is asked, every {@code "BRISK_..."} string
 * constant, and {@code PORT}. Test threads only.
 */
final class AppSettings {

  // config.get("key", ...) and friends, and BriskOptions.onOff(config, "key").
  private static final Pattern CONFIG_READ = Pattern.compile("(?:config(?:\\(\\))?\\s*\\.\\s*"
      + "(?:get|require|getInt|getLong|getDouble|getDuration|flag|parse)\\(|onOff\\(\\s*config"
      + "\\s*,)\\s*\"([a-z][a-z0-9-]*)\"");
  // config.production(), which reads --env.
  private static final Pattern PRODUCTION = Pattern.compile(
      "config(?:\\(\\))?\\s*\\.\\s*production\\(\\)");
  private static final Pattern ENV_CONSTANT = Pattern.compile("\"(BRISK_[A-Z0-9_]+)\"");

  private AppSettings() {
  }

  /** The variables read by the sources under these roots. */
  static Set<String> variables(Path... sourceRoots) {
    Set<String> names = new TreeSet<>(Set.of("PORT"));
    for (Path root : sourceRoots) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> scan(read(f), names));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return names;
  }

  private static void scan(String source, Set<String> names) {
    Matcher read = CONFIG_READ.matcher(source);
    while (read.find()) {
      names.add(BriskConfig.envName(read.group(1)));
    }
    if (PRODUCTION.matcher(source).find()) {
      names.add(BriskConfig.envName("env"));
    }
    Matcher constant = ENV_CONSTANT.matcher(source);
    while (constant.find()) {
      names.add(constant.group(1));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
