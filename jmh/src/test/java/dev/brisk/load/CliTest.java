package dev.brisk.load;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest {

  private static final Cli.Syntax SYNTAX = new Cli.Syntax("usage: bench [options]",
      List.of("--url", "--pages", "--duration", "--factor", "--limiters", "--logs"),
      List.of("--dry-run"));

  @Test
  void known_options_are_read_and_the_rest_fall_back() {
    Cli cli = SYNTAX.parse("--pages", "20", "--dry-run", "--duration", "500ms");
    assertThat(cli.getInt("--pages", 5000)).isEqualTo(20);
    assertThat(cli.getDuration("--duration", "20s")).isEqualTo(Duration.ofMillis(500));
    assertThat(cli.isSet("--dry-run")).isTrue();
    assertThat(cli.get("--url", "http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
    assertThat(cli.get("--url", null)).isNull();
    assertThat(cli.getUrl("--url", null)).isNull();
    assertThat(cli.isSet("--url")).isFalse();
    assertThat(cli.getDouble("--factor", 4)).isEqualTo(4);
    assertThat(cli.getList("--limiters", "on,off", List.of("on", "off")))
        .containsExactly("on", "off");
    assertThat(SYNTAX.parse().isSet("--dry-run")).isFalse();
  }

  @Test
  void values_of_every_kind_are_parsed() {
    Cli cli = SYNTAX.parse("--url", "http://localhost:18080/", "--factor", "1.5", "--limiters",
        "off", "--logs", "target/x", "--duration", "2m", "--pages", "0");
    assertThat(cli.getUrl("--url", null)).isEqualTo(URI.create("http://localhost:18080/"));
    assertThat(cli.getDouble("--factor", 4)).isEqualTo(1.5);
    assertThat(cli.getList("--limiters", "on,off", List.of("on", "off"))).containsExactly("off");
    assertThat(cli.getPath("--logs", "logs")).isEqualTo(Path.of("target/x"));
    assertThat(cli.getDuration("--duration", "1s")).isEqualTo(Duration.ofMinutes(2));
    assertThat(cli.getLong("--pages", 7, 0, 10)).isZero();
    assertThat(SYNTAX.parse("--duration", "0s").getDuration("--duration", "1s")).isZero();
    assertThat(SYNTAX.parse("--duration", "1440m").getDuration("--duration", "1s"))
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void an_unknown_repeated_or_value_less_option_is_named() {
    assertUsage(() -> SYNTAX.parse("--page", "20"), "unknown option --page");
    assertUsage(() -> SYNTAX.parse("--pages=20"), "unknown option --pages=20");
    assertUsage(() -> SYNTAX.parse("-p", "20"), "unknown option -p");
    assertUsage(() -> SYNTAX.parse("20"), "unexpected argument '20' (options are --name value)");
    assertUsage(() -> SYNTAX.parse("--pages", "20", "30"), "unexpected argument '30'");
    assertUsage(() -> SYNTAX.parse("--pages"), "--pages needs a value");
    assertUsage(() -> SYNTAX.parse("--pages", "--dry-run"), "--pages needs a value");
    assertUsage(() -> SYNTAX.parse("--pages", "--url", "http://h:1"), "--pages needs a value");
    assertUsage(() -> SYNTAX.parse("--pages", "1", "--pages", "2"), "--pages is given twice");
    assertUsage(() -> SYNTAX.parse("--dry-run", "--dry-run"), "--dry-run is given twice");
    assertUsage(() -> SYNTAX.parse("--dry-run", "yes"), "unexpected argument 'yes'");
    assertUsage(() -> SYNTAX.parse().require("--url"), "--url is required");
    assertUsage(() -> SYNTAX.parse("--url", " ").require("--url"), "--url is required");
    assertUsage(() -> SYNTAX.parse().requireUrl("--url"), "--url is required");
  }

  @Test
  void a_bad_number_is_named_with_its_range() {
    for (String bad : new String[] {"x", "", "0", "-3", "1.5", "1e3", "0x10", " 5",
        "99999999999999999999"}) {
      assertUsage(() -> SYNTAX.parse("--pages", bad).getLong("--pages", 1),
          "--pages must be a whole number of at least 1, was '" + bad + "'");
    }
    assertUsage(() -> SYNTAX.parse("--pages", "3000000000").getInt("--pages", 1),
        "--pages must be a whole number from 1 to 2147483647, was '3000000000'");
    assertUsage(() -> SYNTAX.parse("--pages", "11").getLong("--pages", 1, 0, 10),
        "--pages must be a whole number from 0 to 10, was '11'");
    // A client pool of twice the concurrency overflowed past 2^30 (BatchingBench).
    assertUsage(() -> SYNTAX.parse("--pages", "10001").getClients("--pages", 1),
        "--pages must be a whole number from 1 to 10000, was '10001'");
    assertThat(SYNTAX.parse("--pages", "10000").getClients("--pages", 1)).isEqualTo(10_000);
    for (String bad : new String[] {"0", "-1", "x", "NaN", "Infinity", "-Infinity", "1e400"}) {
      assertUsage(() -> SYNTAX.parse("--factor", bad).getDouble("--factor", 1),
          "--factor must be a number above 0, was '" + bad + "'");
    }
  }

  @Test
  void a_bad_duration_is_named() {
    for (String bad : new String[] {"5", "5h", "s", "ms", "-5s", "1.5s", "1441m", "86401s",
        "99999999999999999999s", "9223372036854775807m", "five seconds"}) {
      assertUsage(() -> SYNTAX.parse("--duration", bad).getDuration("--duration", "1s"),
          "--duration must be a duration like 500ms, 20s or 2m (at most 1440m), was '" + bad
              + "'");
    }
  }

  @Test
  void a_bad_list_url_or_path_is_named() {
    for (String bad : new String[] {"", "yes", "on,", ",off", "on,,off", "ON"}) {
      assertUsage(() -> SYNTAX.parse("--limiters", bad)
              .getList("--limiters", "on,off", List.of("on", "off")),
          "--limiters takes one or more of on,off separated by commas, was '" + bad + "'");
    }
    assertUsage(() -> SYNTAX.parse("--limiters", "a,,b").getList("--limiters", "x", List.of()),
        "--limiters takes a list of names separated by commas, was 'a,,b'");
    for (String bad : new String[] {"localhost:8080", "127.0.0.1", "http://127.0.0.1",
        "https://127.0.0.1:8443", "http://:8080", "http://h:0", "http://h:70000", "ftp://h:21",
        "http://h:80 80", ""}) {
      assertUsage(() -> SYNTAX.parse("--url", bad).getUrl("--url", null),
          "--url must be an http URL with host and port, like http://127.0.0.1:8080, was '"
              + bad + "'");
    }
    assertUsage(() -> SYNTAX.parse("--logs", "a\0b").getPath("--logs", "logs"),
        "--logs must be a file path, was 'a\0b'");
  }

  @Test
  void help_prints_the_usage_and_runs_nothing() throws Exception {
    for (String help : List.of("--help", "-h")) {
      List<String> ran = new ArrayList<>();
      Streams s = new Streams();
      int status = Cli.run(new String[] {"--pages", "x", help}, SYNTAX,
          cli -> cli.getInt("--pages", 1), p -> ran.add("ran " + p), s.out, s.err);
      assertThat(status).as(help).isZero();
      assertThat(s.out()).as(help).isEqualTo("usage: bench [options]\n");
      assertThat(s.err()).as(help).isEmpty();
      assertThat(ran).as(help).isEmpty();
    }
  }

  @Test
  void a_usage_error_is_printed_with_the_usage_and_exits_2_before_the_main_starts()
      throws Exception {
    List<String> ran = new ArrayList<>();
    Streams s = new Streams();
    int status = Cli.run(new String[] {"--pages", "many"}, SYNTAX,
        cli -> cli.getInt("--pages", 1), p -> ran.add("ran " + p), s.out, s.err);
    assertThat(status).isEqualTo(2);
    assertThat(s.err()).isEqualTo("--pages must be a whole number from 1 to 2147483647, "
        + "was 'many'\nusage: bench [options]\n");
    assertThat(s.out()).isEmpty();
    assertThat(ran).isEmpty();
  }

  @Test
  void the_main_runs_with_the_settings_read() throws Exception {
    List<String> ran = new ArrayList<>();
    Streams s = new Streams();
    int status = Cli.run(new String[] {"--pages", "7"}, SYNTAX, cli -> cli.getInt("--pages", 1),
        p -> ran.add("ran " + p), s.out, s.err);
    assertThat(status).isZero();
    assertThat(ran).containsExactly("ran 7");
    assertThat(s.out() + s.err()).isEmpty();
  }

  @Test
  void a_syntax_names_options_once_and_with_two_dashes() {
    assertThatThrownBy(() -> new Cli.Syntax("u", List.of("pages"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pages");
    assertThatThrownBy(() -> new Cli.Syntax("u", List.of("--help"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--help");
    assertThatThrownBy(() -> new Cli.Syntax("u", List.of("--a"), List.of("--a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
  }

  /** Captured standard output and error. */
  private static final class Streams {
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    String out() {
      return outBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    String err() {
      return errBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
  }
}
