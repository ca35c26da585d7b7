package dev.brisk.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/deploy.md#configuration is the one reference of settings: it lists every variable the
 * framework and the shop read, and nothing they do not.
 */
class ConfigurationDocTest {

  private static final Pattern NAME = Pattern.compile("`((?:BRISK)?_[A-Z0-9_]+|PORT)`");

  @Test
  void the_reference_table_lists_exactly_the_variables_the_app_reads() throws IOException {
    Path root = Manifests.deployDir().getParent();
    Set<String> read = AppSettings.variables(root.resolve("framework/src/main/java"),
        root.resolve("sample-app/src/main/java"));
    assertThat(documented(Files.readString(root.resolve("docs/deploy.md")))).isEqualTo(read);
  }

  /**
   * The variables in the rows of the table under "## Configuration"; a row's {@code `_SUFFIX`}
   * continues its first variable's first two words ({@code BRISK_CONCURRENCY}).
   */
  private static Set<String> documented(String page) {
    String section = page.substring(page.indexOf("## Configuration"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Set<String> names = new TreeSet<>();
    for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
      String prefix = null;
      Matcher m = NAME.matcher(line.substring(0, line.indexOf(" |", 2)));
      while (m.find()) {
        String name = m.group(1);
        if (name.startsWith("_")) {
          names.add(prefix + name);
        } else {
          prefix = prefix != null ? prefix : name.replaceFirst("^([A-Z]+_[A-Z0-9]+).*", "$1");
          names.add(name);
        }
      }
    }
    return names;
  }
}
