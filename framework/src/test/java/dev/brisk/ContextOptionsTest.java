package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.fields.EmbedLimits;
import dev.brisk.stream.StreamOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stream options and embed limits are ordinary settings: option, then env, then default. */
class ContextOptionsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void without_settings_they_are_the_defaults_on_the_apps_registry() {
    BriskConfig config = BriskConfig.of(Map.of());

    assertThat(ContextOptions.streamOptions(config, registry))
        .isEqualTo(StreamOptions.defaults().withRegistry(registry));
    assertThat(ContextOptions.embedLimits(config)).isEqualTo(EmbedLimits.defaults());
  }

  @Test
  void an_option_beats_the_environment() {
    BriskConfig config = BriskConfig.from(new String[] {"--sse-heartbeat", "5s",
        "--embed-max-per-parent", "7"}, Map.of("BRISK_SSE_HEARTBEAT", "PT9S",
        "BRISK_SSE_RETRY", "4000", "BRISK_STREAM_STALL_TIMEOUT", "1m",
        "BRISK_EMBED_MAX_PER_PARENT", "9", "BRISK_MAX_ROWS_PER_REQUEST", "500"));

    StreamOptions stream = ContextOptions.streamOptions(config, registry);
    assertThat(stream.heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(stream.retry()).isEqualTo(Duration.ofSeconds(4));
    assertThat(stream.stallTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(ContextOptions.embedLimits(config)).isEqualTo(new EmbedLimits(7, 500));
    assertThat(config.unread()).isEmpty();
  }

  @Test
  void a_bad_value_names_the_option() {
    assertThatThrownBy(() -> ContextOptions.streamOptions(
        BriskConfig.of(Map.of("stream-stall-timeout", "-PT1S")), registry))
        .hasMessage("stream-stall-timeout must be positive, was PT-1S");
    assertThatThrownBy(() -> ContextOptions.streamOptions(
        BriskConfig.of(Map.of("sse-retry", "0")), registry))
        .hasMessage("sse-retry must be positive, was PT0S");
    assertThatThrownBy(() -> ContextOptions.embedLimits(
        BriskConfig.of(Map.of("max-rows-per-request", "0"))))
        .hasMessage("max-rows-per-request must be >= 1, was 0");
    assertThatThrownBy(() -> ContextOptions.embedLimits(
        BriskConfig.of(Map.of("embed-max-per-parent", "ten"))))
        .hasMessage("embed-max-per-parent must be an integer, was 'ten'");
  }

  @Test
  void a_bad_cursor_key_names_its_variable() {
    BriskConfig config = BriskConfig.from(new String[0], Map.of("BRISK_CURSOR_KEYS", "zz"));
    assertThatThrownBy(() -> ContextOptions.pageOptions(config, registry))
        .hasMessage("BRISK_CURSOR_KEYS: cursor key #1 has 2 bytes; use at least 16");
  }
}
