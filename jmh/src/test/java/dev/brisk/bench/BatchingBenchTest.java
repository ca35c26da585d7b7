package dev.brisk.bench;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BatchingBenchTest {

  private static final String PG = "postgresql://postgres@127.0.0.1:5432/postgres";

  private static BatchingBench.Options parse(String... args) {
    return BatchingBench.Options.from(BatchingBench.SYNTAX.parse(args));
  }

  @Test
  void defaults_are_those_the_usage_lists_and_the_database_is_required() {
    assertThat(parse("--pg-url", PG)).isEqualTo(new BatchingBench.Options(
        URI.create("http://127.0.0.1:8080"), PG, 15, 16, 18099));
    assertThat(parse("--pg-url", PG, "--url", "http://127.0.0.1:18091", "--seconds", "5",
        "--concurrency", "4", "--naive-port", "18100")).isEqualTo(new BatchingBench.Options(
            URI.create("http://127.0.0.1:18091"), PG, 5, 4, 18100));
    assertUsage(() -> parse("--seconds", "5"), "--pg-url is required");
  }

  @Test
  void a_bad_count_or_port_is_refused() {
    for (String bad : new String[] {"0", "-1", "x", "3000000000"}) {
      assertUsage(() -> parse("--pg-url", PG, "--seconds", bad),
          "--seconds must be a whole number from 1 to 2147483647, was '" + bad + "'");
      assertUsage(() -> parse("--pg-url", PG, "--concurrency", bad),
          "--concurrency must be a whole number from 1 to 10000, was '" + bad + "'");
    }
    assertUsage(() -> parse("--pg-url", PG, "--naive-port", "65536"),
        "--naive-port must be a whole number from 1 to 65535, was '65536'");
    assertUsage(() -> parse("--pg-url", PG, "--seconds", "15", "--seconds", "5"),
        "--seconds is given twice");
  }
}
