package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure docs/architecture.md promises, checked on the framework's main sources: a
 * request enters at the bootstrap, then {@code http}, and only goes down.
 */
class ArchitectureTest {

  private static final Path MAIN = Path.of("src/main/java/dev/brisk");
  private static final Path ARCHITECTURE_MD = Path.of("../docs/architecture.md");
  /** A row of the package table: its package and its imports column. */
  private static final Pattern PACKAGE_ROW = Pattern.compile(
      "^\\|[^|]*\\| `dev\\.brisk(?:\\.([a-z]+))?` \\|.*\\| ([^|]*) \\|\\s*$");
  private static final Pattern CODE = Pattern.compile("`([a-z]+)`");
  private static final Pattern IMPORT = Pattern.compile(
      "^import (?:static )?dev\\.brisk\\.([a-z]+)?\\.?([A-Z]\\w*)?", Pattern.MULTILINE);
  /** Packages that are HTTP features themselves and so may use {@code http}. */
  private static final Set<String> HTTP_FEATURES = Set.of("http", "stream",
      "imports", "endpoint", "openapi");
  /**
   * vertx-web casts every request to an internal type, so the in-process dispatch's request must
   * be one; Vert.x registers context locals only through an SPI typed with an internal class.
   */
  private static final Set<String> MAY_USE_VERTX_INTERNALS = Set.of(
      "http/LocalRequest.java", "internal/RequestLocals.java");

  @Test
  void no_package_depends_on_the_bootstrap() {
    Map<String, List<String>> offenders = new TreeMap<>();
    forEachSource((file, pkg, source) -> {
      Matcher m = IMPORT.matcher(source);
      while (!pkg.isEmpty() && m.find()) {
        if (m.group(1) == null) {
          offenders.computeIfAbsent(file, f -> new ArrayList<>()).add(m.group());
        }
      }
    });
    assertThat(offenders).isEmpty();
  }

  @Test
  void only_http_features_use_the_http_package() {
    Set<String> users = new HashSet<>();
    forEachSource((file, pkg, source) -> {
      if (!pkg.isEmpty() && !HTTP_FEATURES.contains(pkg)
          && source.contains("import dev.brisk.http.")) {
        users.add(file);
      }
    });
    assertThat(users).isEmpty();
  }

  @Test
  void packages_form_no_cycle() {
    Map<String, Set<String>> graph = new HashMap<>();
    forEachSource((file, pkg, source) -> {
      Matcher m = IMPORT.matcher(source);
      while (m.find()) {
        String target = m.group(1) == null ? "" : m.group(1);
        if (!target.equals(pkg)) {
          graph.computeIfAbsent(pkg, p -> new HashSet<>()).add(target);
        }
      }
    });
    for (String start : graph.keySet()) {
      assertThat(reachable(graph, start)).as("packages reachable from '%s'", start)
          .doesNotContain(start);
    }
  }

  @Test
  void the_package_table_of_architecture_md_lists_what_each_package_imports() throws IOException {
    Map<String, Set<String>> imported = new TreeMap<>();
    forEachSource((file, pkg, source) -> {
      Set<String> targets = imported.computeIfAbsent(pkg, p -> new TreeSet<>());
      Matcher m = IMPORT.matcher(source);
      while (m.find()) {
        if (m.group(1) != null && !m.group(1).equals(pkg)) {
          targets.add(m.group(1));
        }
      }
    });
    Map<String, Set<String>> documented = new TreeMap<>();
    for (String line : Files.readAllLines(ARCHITECTURE_MD)) {
      Matcher row = PACKAGE_ROW.matcher(line);
      if (row.matches()) {
        Set<String> targets = new TreeSet<>();
        Matcher code = CODE.matcher(row.group(2));
        while (code.find()) {
          targets.add(code.group(1));
        }
        documented.put(row.group(1) == null ? "" : row.group(1), targets);
      }
    }
    assertThat(documented).as("packages and imports in " + ARCHITECTURE_MD + " ('' = dev.brisk)")
        .isEqualTo(imported);
  }

  @Test
  void vertx_internals_only_in_the_in_process_dispatch() {
    Set<String> users = new HashSet<>();
    forEachSource((file, pkg, source) -> {
      if (source.contains("import io.vertx.core.internal.")) {
        users.add(file);
      }
    });
    assertThat(users).isSubsetOf(MAY_USE_VERTX_INTERNALS).hasSizeLessThanOrEqualTo(3);
  }

  private static Set<String> reachable(Map<String, Set<String>> graph, String start) {
    Set<String> seen = new HashSet<>();
    List<String> todo = new ArrayList<>(graph.getOrDefault(start, Set.of()));
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      if (seen.add(next)) {
        todo.addAll(graph.getOrDefault(next, Set.of()));
      }
    }
    return seen;
  }

  private interface SourceVisitor {
    void visit(String file, String pkg, String source);
  }

  private static void forEachSource(SourceVisitor visitor) {
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String file = MAIN.relativize(p).toString().replace('\\', '/');
        String pkg = file.contains("/") ? file.substring(0, file.indexOf('/')) : "";
        visitor.visit(file, pkg, Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
