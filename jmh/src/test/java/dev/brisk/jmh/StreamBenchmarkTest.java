package dev.brisk.jmh;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamBenchmarkTest {

  private static StreamBenchmark.Options parse(Map<String, String> env, String... args) {
    return StreamBenchmark.Options.from(StreamBenchmark.SYNTAX.parse(args), env);
  }

  @Test
  void defaults_are_those_the_usage_lists_and_the_database_falls_back_to_brisk_pg_url() {
    assertThat(parse(Map.of())).isEqualTo(new StreamBenchmark.Options(
        URI.create("http://127.0.0.1:18080"), null, 3));
    assertThat(parse(Map.of("BRISK_PG_URL", "postgresql://env@h:1/d")).pgUrl())
        .isEqualTo("postgresql://env@h:1/d");
    assertThat(parse(Map.of("BRISK_PG_URL", "postgresql://env@h:1/d"), "--url",
        "http://127.0.0.1:18090", "--pg-url", "postgresql://a@b:2/c", "--runs", "5"))
        .isEqualTo(new StreamBenchmark.Options(URI.create("http://127.0.0.1:18090"),
            "postgresql://a@b:2/c", 5));
  }

  @Test
  void a_bad_run_count_or_url_is_refused() {
    for (String bad : new String[] {"0", "-1", "x", "1.5"}) {
      assertUsage(() -> parse(Map.of(), "--runs", bad),
          "--runs must be a whole number from 1 to 2147483647, was '" + bad + "'");
    }
    assertUsage(() -> parse(Map.of(), "--url", "http://127.0.0.1"),
        "--url must be an http URL with host and port");
    assertUsage(() -> parse(Map.of(), "--runs"), "--runs needs a value");
    assertUsage(() -> parse(Map.of(), "--rows", "5"), "unknown option --rows");
  }
}
