package dev.brisk.bench;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DeepPagingBenchTest {

  private static final String PG = "postgresql://postgres@127.0.0.1:5432/postgres";

  private static DeepPagingBench.Options parse(String... args) {
    return DeepPagingBench.Options.from(DeepPagingBench.SYNTAX.parse(args));
  }

  @Test
  void defaults_are_those_the_usage_lists_and_the_database_is_required() {
    assertThat(parse("--pg-url", PG)).isEqualTo(new DeepPagingBench.Options(
        URI.create("http://127.0.0.1:8080"), PG, 5000, 300));
    assertThat(parse("--url", "http://127.0.0.1:18090", "--pg-url", PG, "--pages", "50000",
        "--warmup", "1")).isEqualTo(new DeepPagingBench.Options(
            URI.create("http://127.0.0.1:18090"), PG, 50_000, 1));
    assertUsage(() -> parse(), "--pg-url is required");
    assertUsage(() -> parse("--pg-url", ""), "--pg-url is required");
  }

  @Test
  void a_bad_page_count_or_url_is_refused() {
    // Beyond the large dataset's 50,000 pages; MAX_VALUE once overflowed the arrays' size.
    for (String bad : new String[] {"0", "-1", "50001", "2147483647", "lots"}) {
      assertUsage(() -> parse("--pg-url", PG, "--pages", bad),
          "--pages must be a whole number from 1 to 50000, was '" + bad + "'");
      assertUsage(() -> parse("--pg-url", PG, "--warmup", bad),
          "--warmup must be a whole number from 1 to 50000, was '" + bad + "'");
    }
    assertUsage(() -> parse("--pg-url", PG, "--url", "127.0.0.1:8080"),
        "--url must be an http URL with host and port");
    assertUsage(() -> parse("--pg-url", PG, "--depth", "10"), "unknown option --depth");
    assertUsage(() -> parse("--pg-url"), "--pg-url needs a value");
  }
}
