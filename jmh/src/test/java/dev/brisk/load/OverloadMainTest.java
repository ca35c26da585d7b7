package dev.brisk.load;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverloadMainTest {

  private static OverloadMain.Options parse(String... args) {
    return OverloadMain.Options.from(OverloadMain.SYNTAX.parse(args), Map.of());
  }

  @Test
  void defaults_are_those_the_usage_lists() {
    OverloadMain.Options o = parse();
    assertThat(o.parts()).containsExactlyInAnyOrder("overload", "tiers", "cost");
    assertThat(o.overload()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.factor()).isEqualTo(4);
    assertThat(o.overloadConnections()).isEqualTo(1024);
    assertThat(o.limiters()).containsExactly("on", "off");
    assertThat(o.load()).isEqualTo(LoadOptions.from(LoadOptions.SYNTAX.parse(), Map.of()));
  }

  @Test
  void its_own_options_and_the_load_options_it_applies_are_read() {
    OverloadMain.Options o = parse("--parts", "cost,tiers", "--overload", "30s", "--factor",
        "2.5", "--overload-connections", "256", "--limiters", "on", "--duration", "5s",
        "--rounds", "5", "--brisk-cache", "off", "--jvm-args", "-Xmx1g");
    assertThat(o.parts()).containsExactlyInAnyOrder("cost", "tiers");
    assertThat(o.overload()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.factor()).isEqualTo(2.5);
    assertThat(o.overloadConnections()).isEqualTo(256);
    assertThat(o.limiters()).containsExactly("on");
    assertThat(o.load().duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.load().rounds()).isEqualTo(5);
    assertThat(o.load().briskCache()).isEqualTo("off");
    assertThat(o.load().jvmArgs()).containsExactly("-Xmx1g");
  }

  @Test
  void every_load_option_it_applies_is_one_of_load_mains() {
    assertThat(LoadOptions.SYNTAX.options()).containsAll(OverloadMain.LOAD_OPTIONS);
  }

  @Test
  void a_misspelt_part_or_limiter_a_bad_value_or_an_option_no_part_applies_is_refused() {
    assertUsage(() -> parse("--parts", "costs"),
        "--parts takes one or more of overload,tiers,cost separated by commas, was 'costs'");
    assertUsage(() -> parse("--parts", ""), "--parts takes one or more of");
    assertUsage(() -> parse("--parts", "all,cost"), "--parts takes one or more of");
    assertUsage(() -> parse("--limiters", "yes"),
        "--limiters takes one or more of on,off separated by commas, was 'yes'");
    for (String bad : new String[] {"0", "-2", "x", "NaN", "Infinity"}) {
      assertUsage(() -> parse("--factor", bad),
          "--factor must be a number above 0, was '" + bad + "'");
    }
    assertUsage(() -> parse("--overload-connections", "0"),
        "--overload-connections must be a whole number from 1 to 10000, was '0'");
    assertUsage(() -> parse("--overload", "60"), "--overload must be a duration like 500ms");
    assertUsage(() -> parse("--duration", "-1s"), "--duration must be a duration like 500ms");
    for (String notApplied : new String[] {"--url", "--compare", "--scenarios", "--no-docs",
        "--wrk-threads", "--find-max"}) {
      assertUsage(() -> parse(notApplied, "x"), "unknown option " + notApplied);
    }
    assertUsage(() -> parse("--factor"), "--factor needs a value");
    assertUsage(() -> parse("--factor", "2", "--factor", "3"), "--factor is given twice");
  }

  @Test
  void answers_neither_served_nor_shed_are_listed_by_status() {
    Scenario nested = Scenario.of("nested", "/x", 1, java.util.Set.of(200, 304), seq -> null);
    Tally t = new Tally();
    t.response(0, 1, 200, nested.classify(200));
    t.response(0, 1, 304, nested.classify(304));
    t.response(0, 1, 503, nested.classify(503));
    t.response(0, 1, 401, nested.classify(401));
    t.response(0, 1, 401, nested.classify(401));
    t.failure(0, new java.io.IOException("reset"));

    assertThat(OverloadMain.others(t.result("anonymous", "nested", "open", 1, 1, 1_000_000)))
        .isEqualTo("401 x 2, no answer x 1");
    Tally clean = new Tally();
    clean.response(0, 1, 200, nested.classify(200));
    assertThat(OverloadMain.others(clean.result("internal", "nested", "open", 1, 1, 1_000_000)))
        .isEqualTo("-");
  }
}
