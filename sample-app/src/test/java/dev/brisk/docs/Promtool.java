package dev.brisk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stock {@code promtool} (Debian's {@code prometheus} package, which CI installs) as an
 * independent PromQL evaluator: {@code promtool test rules} with one {@code promql_expr_test}.
 */
final class Promtool {

  private Promtool() {
  }

  /**
   * Whether {@code expr}, evaluated after ten minutes of samples in which every series of the
   * Prometheus text {@code scrape} rises by one a minute, returns at least one series.
   */
  static boolean returnsSeries(String scrape, String expr) {
    try {
      return run(scrape, expr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean run(String scrape, String expr) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("brisk-promtool");
    try {
      Files.writeString(dir.resolve("rules.yml"), "groups: []\n");
      StringBuilder test = new StringBuilder("rule_files: [rules.yml]\nevaluation_interval: 1m\n"
          + "tests:\n  - interval: 1m\n    input_series:\n");
      for (String line : scrape.split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String series = line.substring(0, line.lastIndexOf(' ')).strip();
          test.append("      - series: '").append(series.replace("'", "''"))
              .append("'\n        values: '0+1x10'\n");
        }
      }
      // An empty expectation passes exactly when the query returns nothing.
      test.append("    promql_expr_test:\n      - expr: '").append(expr.replace("'", "''"))
          .append("'\n        eval_time: 10m\n        exp_samples: []\n");
      Files.writeString(dir.resolve("test.yml"), test);
      Process p = new ProcessBuilder("promtool", "test", "rules", "test.yml")
          .directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      if (p.exitValue() == 0) {
        return false;
      }
      assertThat(out).as("promtool could not run the query " + expr).contains("got:");
      return true;
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
