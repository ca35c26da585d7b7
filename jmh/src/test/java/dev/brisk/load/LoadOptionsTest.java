package dev.brisk.load;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** LoadMain's command line. */
class LoadOptionsTest {

  private static final List<String> KNOWN = Scenarios.standard().names();

  private static LoadOptions parse(String... args) {
    return LoadOptions.from(LoadOptions.SYNTAX.parse(args), Map.of());
  }

  @Test
  void defaults_are_those_the_usage_and_load_harness_md_list() {
    LoadOptions o = parse();
    assertThat(o.dataset()).isEqualTo("small");
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.scenarios()).containsExactly("all");
    assertThat(o.url()).isNull();
    assertThat(o.appJar()).isEqualTo(Path.of("sample-app/target/brisk-sample-app.jar"));
    assertThat(o.peerJar()).isEqualTo(Path.of("peer-webflux/target/brisk-peer-webflux.jar"));
    assertThat(o.quarkusJar())
        .isEqualTo(Path.of("peer-quarkus/target/quarkus-app/quarkus-run.jar"));
    assertThat(o.pgUrl()).isNull();
    assertThat(o.rate()).isZero();
    assertThat(o.rates()).isEmpty();
    assertThat(o.findMax()).isFalse();
    assertThat(o.sloP99()).isEqualTo(Duration.ofMillis(100));
    assertThat(o.compare()).containsExactly("brisk", "baseline", "peer", "quarkus");
    assertThat(o.connections()).isEqualTo(64);
    assertThat(o.rounds()).isEqualTo(3);
    assertThat(o.baselineMode()).isEqualTo("process");
    assertThat(o.jvmArgs()).containsExactly("-Xmx2g");
    assertThat(o.docsDir()).isEqualTo(Path.of("docs"));
    assertThat(o.logDir()).isEqualTo(Path.of("target/load-logs"));
    assertThat(o.maxInFlight()).isEqualTo(20000);
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.throughput()).isEqualTo("wrk");
    assertThat(o.briskCache()).isEqualTo("on");
    assertThat(o.wrkThreads()).isEqualTo(1);
  }

  @Test
  void the_options_table_of_load_harness_md_lists_every_option_the_command_accepts()
      throws Exception {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "load-harness.md"));
    Set<String> documented = new TreeSet<>();
    Pattern option = Pattern.compile("--[a-z][a-z0-9-]*");
    for (String line : lines.subList(lines.indexOf("| option | default | meaning |") + 2,
        lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      Matcher m = option.matcher(line.split("\\| ")[1]);
      while (m.find()) {
        documented.add(m.group());
      }
    }
    List<String> accepted = new ArrayList<>(LoadOptions.SYNTAX.options());
    accepted.addAll(LoadOptions.SYNTAX.flags());

    assertThat(documented).containsExactlyInAnyOrderElementsOf(accepted);
  }

  @Test
  void every_option_is_read() {
    LoadOptions o = LoadOptions.from(LoadOptions.SYNTAX.parse("--dataset", "large",
        "--duration", "250ms", "--warmup", "0s", "--scenarios", "get,list", "--app-jar", "a.jar",
        "--peer-jar", "p.jar", "--quarkus-jar", "q.jar", "--pg-url", "postgresql://u@h:1/d",
        "--rate", "500", "--rates", "get=10", "--find-max", "--slo-p99", "50ms", "--compare",
        "none", "--connections", "8", "--rounds", "1", "--baseline", "inprocess", "--jvm-args",
        " -Xmx1g  -XX:+UseSerialGC ", "--docs", "out", "--logs", "l", "--max-in-flight", "100",
        "--timeout", "2s", "--throughput", "client", "--brisk-cache", "off", "--wrk-threads",
        "2"), Map.of("BRISK_REDIS_URL", "redis://h:2", "BRISK_CURSOR_KEYS", "k"));
    assertThat(o).isEqualTo(new LoadOptions("large", Duration.ofMillis(250), Duration.ZERO,
        List.of("get", "list"), null, Path.of("a.jar"), Path.of("p.jar"),
        "postgresql://u@h:1/d", 500, Map.of("get", 10L), true, Duration.ofMillis(50), List.of(),
        8, 1, "inprocess", List.of("-Xmx1g", "-XX:+UseSerialGC"), Path.of("out"), Path.of("l"),
        100, Duration.ofSeconds(2), Path.of("q.jar"), "client", "off", 2));
    assertThat(o.rateFor(Scenario.of("get", "", 99, Set.of(200), s -> null))).isEqualTo(10);
    assertThat(o.rateFor(Scenario.of("list", "", 99, Set.of(200), s -> null))).isEqualTo(500);
    assertThat(parse("--no-docs", "--docs", "out").docsDir()).isNull();
    assertThat(parse("--compare", "brisk,quarkus").compare()).containsExactly("brisk", "quarkus");
  }

  @Test
  void the_database_defaults_to_brisk_pg_url() {
    Map<String, String> env = Map.of("BRISK_PG_URL", "postgresql://env@h:1/d",
        "BRISK_REDIS_URL", "redis://h:2", "BRISK_CURSOR_KEYS", "k");
    assertThat(LoadOptions.from(LoadOptions.SYNTAX.parse(), env).pgUrl())
        .isEqualTo("postgresql://env@h:1/d");
    assertThat(LoadOptions.from(LoadOptions.SYNTAX.parse("--pg-url", "postgresql://a@b:2/c"),
        env).pgUrl()).isEqualTo("postgresql://a@b:2/c");
  }

  @Test
  void external_stores_for_the_started_app_need_redis_and_cursor_keys_too() {
    String pg = "postgresql://a@b:2/c";
    assertUsage(() -> parse("--pg-url", pg), "the started app needs BRISK_REDIS_URL and "
        + "BRISK_CURSOR_KEYS as well");
    assertUsage(() -> LoadOptions.from(LoadOptions.SYNTAX.parse(), Map.of("BRISK_PG_URL", pg,
        "BRISK_REDIS_URL", "redis://h:2")), "the started app needs BRISK_CURSOR_KEYS as well");
    assertUsage(() -> LoadOptions.from(LoadOptions.SYNTAX.parse(), Map.of("BRISK_REDIS_URL",
        "redis://h:2", "BRISK_CURSOR_KEYS", "k")), "the started app needs --pg-url (or "
        + "BRISK_PG_URL) as well");
    assertThat(LoadOptions.from(LoadOptions.SYNTAX.parse("--pg-url", pg), Map.of(
        "BRISK_REDIS_URL", "redis://h:2", "BRISK_CURSOR_KEYS", "k")).pgUrl()).isEqualTo(pg);
    // A running app (--url) has its stores; the database is then only the baseline's and peers'.
    assertThat(parse("--url", "http://127.0.0.1:18080", "--pg-url", pg).pgUrl()).isEqualTo(pg);
  }

  @Test
  void a_run_of_nothing_is_refused() {
    assertUsage(() -> parse("--scenarios", "none", "--compare", "none"),
        "--scenarios none with --compare none runs nothing");
    assertThat(parse("--scenarios", "none").compare()).isNotEmpty();
  }

  @Test
  void settings_of_the_started_app_are_refused_with_a_running_one() {
    String url = "http://127.0.0.1:18080";
    assertThat(parse("--url", url).url()).isEqualTo(url);
    assertUsage(() -> parse("--url", url, "--brisk-cache", "off"),
        "--brisk-cache applies to the app the harness starts, not to the one at --url");
    assertUsage(() -> parse("--url", url, "--app-jar", "a.jar"),
        "--app-jar applies to the app the harness starts, not to the one at --url");
  }

  @Test
  void a_misspelt_scenario_or_rate_name_is_refused_before_anything_starts() {
    parse("--scenarios", "get,page").requireKnownScenarios(KNOWN);
    parse("--scenarios", "none").requireKnownScenarios(KNOWN);
    assertUsage(() -> parse("--scenarios", "get,pgae").requireKnownScenarios(KNOWN),
        "--scenarios takes all, none or a list of get,");
    assertUsage(() -> parse("--scenarios", "get,,page"),
        "--scenarios takes a list of names separated by commas, was 'get,,page'");
    assertUsage(() -> parse("--rates", "gett=5").requireKnownScenarios(KNOWN),
        "--rates takes name=N pairs with names from get,");
  }

  @Test
  void a_bad_value_names_its_option() {
    assertUsage(() -> parse("--rounds", "three"),
        "--rounds must be a whole number from 1 to 2147483647, was 'three'");
    // Once cast to int without a check: 4294967297 connections became 1.
    assertUsage(() -> parse("--connections", "4294967297"),
        "--connections must be a whole number from 1 to 10000, was '4294967297'");
    assertUsage(() -> parse("--max-in-flight", "0"), "--max-in-flight must be a whole number");
    assertUsage(() -> parse("--rate", "-5"),
        "--rate must be a whole number of at least 0, was '-5'");
    for (String bad : new String[] {"get=lots", "get=0", "get=-1", "get", "get=",
        "get=99999999999999999999"}) {
      assertUsage(() -> parse("--rates", bad),
          "--rates takes name=N pairs with N at least 1, was " + bad);
    }
    assertUsage(() -> parse("--duration", "--no-docs"), "--duration needs a value");
    assertUsage(() -> parse("--warmup", "xs"), "--warmup must be a duration like 500ms");
    assertUsage(() -> parse("--timeout", "-1s"), "--timeout must be a duration like 500ms");
    assertUsage(() -> parse("--url", "localhost:8080"), "--url must be an http URL");
    assertUsage(() -> parse("--dataset", "medium"), "dataset must be small or large, was medium");
    assertUsage(() -> parse("--baseline", "thread"), "--baseline must be process or inprocess");
    assertUsage(() -> parse("--compare", "brisk,nginx"),
        "--compare takes brisk,baseline,peer,quarkus; got nginx");
    assertUsage(() -> parse("--compare", "brisk,"), "--compare takes a list of names");
    assertUsage(() -> parse("--throughput", "ab"), "--throughput must be wrk or client, was ab");
    assertUsage(() -> parse("--brisk-cache", "yes"), "--brisk-cache must be on or off, was yes");
    assertUsage(() -> parse("--app-jar", "a\0.jar"), "--app-jar must be a file path");
    assertUsage(() -> parse("--find-max", "true"), "unexpected argument 'true'");
    assertUsage(() -> parse("--rounds", "1", "--rounds", "2"), "--rounds is given twice");
    assertUsage(() -> parse("--help-me"), "unknown option --help-me");
  }

  @Test
  void wrk_threads_stay_within_the_connections() {
    assertThat(parse("--wrk-threads", "64").wrkThreads()).isEqualTo(64);
    assertUsage(() -> parse("--wrk-threads", "0"),
        "--wrk-threads must be a whole number from 1 to 2147483647, was '0'");
    assertUsage(() -> parse("--wrk-threads", "65", "--connections", "64"),
        "--wrk-threads must be between 1 and --connections (64), was 65");
  }
}
