package dev.brisk.jmh;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.devservices.DevServices;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipeliningBenchmarkTest {

  private static PipeliningBenchmark.Options parse(Map<String, String> env, String... args) {
    return PipeliningBenchmark.Options.from(PipeliningBenchmark.Options.SYNTAX.parse(args), env);
  }

  @Test
  void defaults_are_those_the_usage_lists_and_the_database_falls_back_to_brisk_pg_url() {
    assertThat(parse(Map.of()))
        .isEqualTo(new PipeliningBenchmark.Options(null, 10, 3, 64, 20, 4, 0));
    assertThat(parse(Map.of("BRISK_PG_URL", "postgresql://env@h:1/d")).pgUrl())
        .isEqualTo("postgresql://env@h:1/d");
    assertThat(parse(Map.of("BRISK_PG_URL", "postgresql://env@h:1/d"), "--pg-url",
        "postgresql://a@b:2/c", "--seconds", "8", "--rounds", "2", "--concurrency", "16",
        "--queries", "5", "--pool-size", "2", "--latency-us", "250"))
        .isEqualTo(new PipeliningBenchmark.Options("postgresql://a@b:2/c", 8, 2, 16, 5, 2, 250));
  }

  @Test
  void a_bad_count_or_latency_is_refused() {
    for (String option : new String[] {"--seconds", "--rounds", "--concurrency", "--queries",
        "--pool-size"}) {
      assertUsage(() -> parse(Map.of(), option, "0"), option + " must be a whole number from 1 to "
          + (option.equals("--concurrency") ? "10000" : "2147483647") + ", was '0'");
    }
    // Once "For input string: \"x\"", naming neither the option nor what it takes.
    assertUsage(() -> parse(Map.of(), "--seconds", "x"),
        "--seconds must be a whole number from 1 to 2147483647, was 'x'");
    assertUsage(() -> parse(Map.of(), "--latency-us", "-1"),
        "--latency-us must be a whole number of at least 0, was '-1'");
    assertUsage(() -> parse(Map.of(), "--latency-us", "250us"),
        "--latency-us must be a whole number of at least 0, was '250us'");
  }

  @Test
  void a_run_leaves_no_table_in_the_database() throws Exception {
    String pg = DevServices.shared().pgUrl();
    PipeliningBenchmark.measure(new PipeliningBenchmark.Options(pg, 1, 1, 4, 2, 2, 0));

    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(pg).using(vertx).build();
      boolean gone = TestBrisk.await(pool.query("SELECT to_regclass('brisk_bench_items') IS NULL")
          .execute()).iterator().next().getBoolean(0);
      assertThat(gone).as("brisk_bench_items dropped").isTrue();
    } finally {
      TestBrisk.await(vertx.close());
    }
  }
}
