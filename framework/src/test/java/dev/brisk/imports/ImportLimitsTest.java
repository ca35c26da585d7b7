package dev.brisk.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ImportLimits}: defaults, copies, and errors that name the bad value. */
class ImportLimitsTest {

  @Test
  void defaults_are_the_documented_ones() {
    ImportLimits d = ImportLimits.defaults();

    assertThat(d).isEqualTo(new ImportLimits(64L << 20, 1_000_000, 65_536,
        Duration.ofMinutes(10), 100, 500, Duration.ofSeconds(30)));
  }

  @Test
  void each_copy_changes_one_limit() {
    ImportLimits changed = ImportLimits.defaults().withMaxBytes(1).withMaxLines(2)
        .withMaxLineBytes(3).withMaxDuration(Duration.ofSeconds(4)).withMaxInflationRatio(5)
        .withBatchSize(6).withStallTimeout(Duration.ofSeconds(7));

    assertThat(changed).isEqualTo(new ImportLimits(1, 2, 3, Duration.ofSeconds(4), 5, 6,
        Duration.ofSeconds(7)));
  }

  @Test
  void bad_values_are_refused_by_name() {
    assertThatThrownBy(() -> ImportLimits.defaults().withBatchSize(0))
        .hasMessage("batchSize must be >= 1, was 0");
    assertThatThrownBy(() -> ImportLimits.defaults().withMaxLines(-1))
        .hasMessage("maxLines must be >= 1, was -1");
    assertThatThrownBy(() -> ImportLimits.defaults().withStallTimeout(Duration.ZERO))
        .hasMessage("stallTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> ImportLimits.defaults().withMaxDuration(null))
        .hasMessage("maxDuration");
  }
}
