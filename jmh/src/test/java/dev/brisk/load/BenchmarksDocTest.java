package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

  @Test
  void parses_options_and_durations() {
    LoadOptions o = LoadOptions.parse("--dataset", "small", "--duration", "250ms",
        "--scenarios", "get,list", "--rates", "get=10", "--compare", "none", "--find-max");

    assertThat(o.duration()).isEqualTo(Duration.ofMillis(250));
    assertThat(o.scenarios()).containsExactly("get", "list");
    assertThat(o.compare()).isEmpty();
    assertThat(o.throughput()).isEqualTo("wrk");
    assertThat(LoadOptions.parse().compare()).containsExactly("brisk", "baseline", "peer",
        "quarkus");
    assertThat(o.findMax()).isTrue();
    assertThat(o.rateFor(Scenario.of("get", "", 99, java.util.Set.of(200), s -> null)))
        .isEqualTo(10);
    assertThat(o.rateFor(Scenario.of("list", "", 99, java.util.Set.of(200), s -> null)))
        .isEqualTo(99);
  }

  @Test
  void wrk_threads_default_to_one_and_stay_within_the_connections() {
    assertThat(LoadOptions.parse().wrkThreads()).isEqualTo(1);
    assertThat(LoadOptions.parse("--wrk-threads", "2").wrkThreads()).isEqualTo(2);
    for (String bad : new String[] {"0", "65"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> LoadOptions.parse("--wrk-threads", bad, "--connections", "64"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--wrk-threads").hasMessageContaining("was " + bad);
    }
  }
}
