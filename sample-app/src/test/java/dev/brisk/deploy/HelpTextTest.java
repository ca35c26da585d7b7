package dev.brisk.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskConfig;
import dev.brisk.shop.ShopMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --help} prints every option the framework and the shop read, and nothing they do not,
 * without starting anything (the shop's main would otherwise start dev services and load data).
 */
class HelpTextTest {

  /** An option or environment-only variable at the start of a help line. */
  private static final Pattern ENTRY = Pattern.compile(
      "(?m)^ {2}(?:--([a-z][a-z0-9-]*)|(BRISK_[A-Z0-9_]+))");

  @Test
  void help_lists_exactly_the_settings_the_app_reads_and_starts_nothing() {
    String help = helpOf(new String[] {"--port", "1", "--help"});
    assertThat(help).startsWith("Usage: java -jar").contains("docs/deploy.md#configuration")
        .contains("The shop").contains("--carrier-url");

    Path root = Manifests.deployDir().getParent();
    Set<String> read = AppSettings.variables(root.resolve("framework/src/main/java"),
        root.resolve("sample-app/src/main/java"));
    assertThat(listed(help)).isEqualTo(read);
    assertThat(helpOf(new String[] {"-h"})).isEqualTo(help);
  }

  @Test
  void a_mistyped_option_stops_the_shop_before_dev_services_start() throws Exception {
    ProcessBuilder shop = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-cp", System.getProperty("java.class.path"),
        ShopMain.class.getName(), "--port", "0", "--concurency-limit", "off")
        .redirectErrorStream(true);
    // No store URLs: a start would begin with throwaway dev services and the dataset.
    shop.environment().keySet().removeIf(name -> name.startsWith("BRISK_"));
    Process process = shop.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(process.exitValue()).isEqualTo(1);
      assertThat(output).contains("Unknown option --concurency-limit")
          .doesNotContain("Dev services:");
    } finally {
      process.destroyForcibly();
    }
  }

  /** What the shop's main prints for {@code args}; returns at once, so nothing was started. */
  private static String helpOf(String[] args) {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      ShopMain.main(args);
    } finally {
      System.setOut(out);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static Set<String> listed(String help) {
    Set<String> names = new TreeSet<>();
    Matcher m = ENTRY.matcher(help);
    while (m.find()) {
      if (m.group(2) != null) {
        names.add(m.group(2));
      } else if (m.group(1).equals("port")) {
        names.add("PORT");
      } else if (!m.group(1).equals("help")) {
        names.add(BriskConfig.envName(m.group(1)));
      }
    }
    return names;
  }
}
