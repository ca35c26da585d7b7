package dev.brisk.load.baseline;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineMainTest {

  private static final String PG = "postgresql://postgres@127.0.0.1:5432/postgres";

  @Test
  void takes_no_options_and_reads_its_database_and_port_from_the_environment() {
    assertUsage(() -> BaselineMain.SYNTAX.parse("--port", "8081"), "unknown option --port");
    assertThat(BaselineMain.options(Map.of("BRISK_PG_URL", PG)))
        .isEqualTo(BaselineOptions.defaults(PG).withPort(8081));
    assertThat(BaselineMain.options(Map.of("BRISK_PG_URL", PG, "PORT", "0")).port()).isZero();
  }

  @Test
  void a_missing_database_or_a_bad_port_is_named() {
    assertUsage(() -> BaselineMain.options(Map.of()), "BRISK_PG_URL is required");
    assertUsage(() -> BaselineMain.options(Map.of("BRISK_PG_URL", " ")),
        "BRISK_PG_URL is required");
    for (String bad : new String[] {"x", "-1", "65536", ""}) {
      assertUsage(() -> BaselineMain.options(Map.of("BRISK_PG_URL", PG, "PORT", bad)),
          "PORT must be a whole number from 0 to 65535, was '" + bad + "'");
    }
  }
}
