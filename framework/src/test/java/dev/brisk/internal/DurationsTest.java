package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  private static final Duration FALLBACK = Duration.ofSeconds(7);

  @Test
  void reads_iso_8601_and_plain_milliseconds() {
    assertThat(Durations.parse("deadline", "PT2S", FALLBACK)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("deadline", " pt1m ", FALLBACK)).isEqualTo(Duration.ofMinutes(1));
    assertThat(Durations.parse("deadline", "250", FALLBACK)).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("deadline", " 250 ", FALLBACK)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void reads_whole_numbers_with_a_unit() {
    assertThat(Durations.parse("deadline", "250ms", FALLBACK)).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("deadline", "5s", FALLBACK)).isEqualTo(Duration.ofSeconds(5));
    assertThat(Durations.parse("deadline", " 2M ", FALLBACK)).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("deadline", "1h", FALLBACK)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void absent_or_blank_values_give_the_fallback() {
    assertThat(Durations.parse("deadline", null, FALLBACK)).isSameAs(FALLBACK);
    assertThat(Durations.parse("deadline", "  ", FALLBACK)).isSameAs(FALLBACK);
  }

  @Test
  void malformed_values_name_the_setting_and_the_value() {
    for (String bad : new String[] {"5 s", "5d", "1.5s", "ms", "P", "-5", "-5s",
        "99999999999999999999", "9999999999999s"}) {
      assertThatThrownBy(() -> Durations.parse("drain-timeout", bad, FALLBACK))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("drain-timeout must be a duration like 5s, 250ms, PT5S or 5000 "
              + "(milliseconds), was '" + bad + "'");
    }
  }
}
