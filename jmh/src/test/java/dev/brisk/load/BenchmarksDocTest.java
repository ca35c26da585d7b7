package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarksDocTest {

  @Test
  void replaces_only_its_own_section() {
    String old = "# Benchmarks\n\nJMH text\n\n" + BenchmarksDoc.BEGIN + "\nold table\n"
        + BenchmarksDoc.END + "\n\n## Later section\n";

    String now = BenchmarksDoc.splice(old, BenchmarksDoc.BEGIN + "\nnew\n" + BenchmarksDoc.END);

    assertThat(now).contains("JMH text", "new", "## Later section").doesNotContain("old table");
  }

  @Test
  void comparison_section_is_replaced_without_touching_the_scenarios() {
    String old = BenchmarksDoc.BEGIN + "\nscenarios\n" + BenchmarksDoc.END + "\n\n"
        + BenchmarksDoc.COMPARE_BEGIN + "\npending\n" + BenchmarksDoc.COMPARE_END + "\n";

    String now = BenchmarksDoc.splice(old, BenchmarksDoc.COMPARE_BEGIN + "\nratios\n"
        + BenchmarksDoc.COMPARE_END, BenchmarksDoc.COMPARE_BEGIN, BenchmarksDoc.COMPARE_END);

    assertThat(now).contains("scenarios", "ratios").doesNotContain("pending");
  }

  @Test
  void appends_when_the_file_has_no_section() {
    String now = BenchmarksDoc.splice("# Benchmarks\n", "S");

    assertThat(now).isEqualTo("# Benchmarks\n\nS\n");
  }
}
