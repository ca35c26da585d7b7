package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest {

  private static final List<String> KNOWN = List.of("--url", "--pages", "--duration");

  @Test
  void known_options_are_read_and_the_rest_fall_back() {
    Cli cli = Cli.of(new String[] {"--pages", "20", "--duration", "500ms"}, KNOWN);
    assertThat(cli.getInt("--pages", 5000)).isEqualTo(20);
    assertThat(cli.getDuration("--duration", "20s")).isEqualTo(Duration.ofMillis(500));
    assertThat(cli.get("--url", "http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void unknown_options_and_missing_or_malformed_values_say_what_is_wrong() {
    assertThatThrownBy(() -> Cli.of(new String[] {"--page", "20"}, KNOWN))
        .isInstanceOf(Cli.UsageException.class).hasMessage("unknown option --page");
    assertThatThrownBy(() -> Cli.of(new String[] {"--pages"}, KNOWN))
        .isInstanceOf(Cli.UsageException.class).hasMessage("--pages needs a value");
    assertThatThrownBy(() -> Cli.of(new String[0], KNOWN).require("--url"))
        .isInstanceOf(Cli.UsageException.class).hasMessage("--url is required");
    for (String bad : new String[] {"x", "0", "-3", "1.5", "99999999999999999999"}) {
      assertThatThrownBy(() -> Cli.of(new String[] {"--pages", bad}, KNOWN)
          .getInt("--pages", 1)).as(bad).isInstanceOf(Cli.UsageException.class)
          .hasMessageContaining("--pages must be");
    }
    assertThatThrownBy(() -> Cli.of(new String[] {"--pages", "3000000000"}, KNOWN)
        .getInt("--pages", 1)).hasMessageContaining("at most 2147483647");
    assertThatThrownBy(() -> Cli.of(new String[] {"--duration", "5"}, KNOWN)
        .getDuration("--duration", "1s")).isInstanceOf(Cli.UsageException.class)
        .hasMessageContaining("--duration: duration like 500ms, 20s or 2m, was 5");
  }
}
