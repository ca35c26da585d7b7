package dev.brisk.load;

import static dev.brisk.load.CliAssert.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutageBenchTest {

  private static final String CARRIER = "http://127.0.0.1:40123";

  private static OutageBench.Options parse(String... args) {
    return OutageBench.Options.from(OutageBench.SYNTAX.parse(args));
  }

  @Test
  void defaults_are_those_the_usage_lists_and_the_carrier_is_required() {
    assertThat(parse("--carrier-url", CARRIER)).isEqualTo(new OutageBench.Options(
        URI.create("http://127.0.0.1:8080"), URI.create(CARRIER), Duration.ofSeconds(20), 1000,
        200, 1000, Duration.ofSeconds(10)));
    assertThat(parse("--carrier-url", CARRIER, "--url", "http://127.0.0.1:18090", "--duration",
        "5s", "--get-rate", "10", "--quote-rate", "2", "--products", "50", "--warmup", "0s"))
        .isEqualTo(new OutageBench.Options(URI.create("http://127.0.0.1:18090"),
            URI.create(CARRIER), Duration.ofSeconds(5), 10, 2, 50, Duration.ZERO));
    assertUsage(() -> parse(), "--carrier-url is required");
  }

  @Test
  void a_bad_rate_duration_or_url_is_refused() {
    for (String rate : new String[] {"--get-rate", "--quote-rate", "--products"}) {
      assertUsage(() -> parse("--carrier-url", CARRIER, rate, "0"),
          rate + " must be a whole number of at least 1, was '0'");
    }
    assertUsage(() -> parse("--carrier-url", CARRIER, "--duration", "-5s"),
        "--duration must be a duration like 500ms, 20s or 2m (at most 1440m), was '-5s'");
    assertUsage(() -> parse("--carrier-url", CARRIER, "--warmup", "10"),
        "--warmup must be a duration like 500ms");
    // Once accepted, failing only after the run had started: "no protocol: x/faults".
    assertUsage(() -> parse("--carrier-url", "x"),
        "--carrier-url must be an http URL with host and port, like http://127.0.0.1:8080, "
            + "was 'x'");
  }
}
