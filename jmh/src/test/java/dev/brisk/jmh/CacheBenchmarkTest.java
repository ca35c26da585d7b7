package dev.brisk.jmh;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheBenchmarkTest {

  private static CacheBenchmark.Options parse(String... args) {
    return CacheBenchmark.Options.from(CacheBenchmark.SYNTAX.parse(args));
  }

  @Test
  void defaults_are_those_the_usage_lists() {
    assertThat(parse()).isEqualTo(new CacheBenchmark.Options(10, 3, 32, 1000));
    assertThat(parse("--seconds", "8", "--rounds", "1", "--concurrency", "4", "--ids", "50"))
        .isEqualTo(new CacheBenchmark.Options(8, 1, 4, 50));
  }

  @Test
  void a_bad_count_is_refused() {
    for (String option : new String[] {"--seconds", "--rounds", "--concurrency", "--ids"}) {
      for (String bad : new String[] {"0", "-1", "x", "2147483648"}) {
        assertUsage(() -> parse(option, bad), option + " must be a whole number from 1 to "
            + (option.equals("--concurrency") ? "10000" : "2147483647") + ", was '" + bad + "'");
      }
    }
    assertUsage(() -> parse("seconds", "10"), "unexpected argument 'seconds'");
    assertUsage(() -> parse("--seconds"), "--seconds needs a value");
  }
}
