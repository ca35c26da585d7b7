package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.db.CursorOptions;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.stream.StreamOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every limit has a documented default and refuses values that would disable it. */
class LimitOptionsTest {

  @Test
  void defaults_are_the_documented_ones() {
    BatchEndpointOptions batch = BatchEndpointOptions.defaults();
    assertThat(batch.maxRequests()).isEqualTo(50);
    assertThat(batch.maxResponseBytes()).isEqualTo(1 << 20);
    assertThat(batch.maxTotalBytes()).isEqualTo(16 << 20);
    assertThat(batch.maxBufferedBytes()).isEqualTo(64 << 10);
    assertThat(EmbedLimits.defaults()).isEqualTo(new EmbedLimits(100, 50_000));
    assertThat(StreamOptions.defaults().stallTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(CursorOptions.defaults().idleInTransactionTimeout())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(StreamLimits.defaults()).isEqualTo(
        new StreamLimits(64, 16, "internal", Duration.ofSeconds(1)));
  }

  @Test
  void nonsense_values_are_refused_naming_them() {
    BatchEndpointOptions batch = BatchEndpointOptions.defaults();
    assertThatThrownBy(() -> batch.withMaxResponseBytes(0))
        .hasMessage("maxResponseBytes must be >= 1, was 0");
    assertThatThrownBy(() -> batch.withMaxTotalBytes(10))
        .hasMessage("maxTotalBytes must be >= maxResponseBytes (1048576), was 10");
    assertThatThrownBy(() -> batch.withMaxBufferedBytes(-1))
        .hasMessage("maxBufferedBytes must be >= 0, was -1");
    assertThatThrownBy(() -> EmbedLimits.defaults().withMaxPerParent(0))
        .hasMessage("maxPerParent must be >= 1, was 0");
    assertThatThrownBy(() -> EmbedLimits.defaults().withMaxRows(-5))
        .hasMessage("maxRows must be >= 1, was -5");
    assertThatThrownBy(() -> StreamOptions.defaults().withStallTimeout(Duration.ZERO))
        .hasMessage("stallTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> CursorOptions.defaults()
        .withIdleInTransactionTimeout(Duration.ofSeconds(-1)))
        .hasMessage("idleInTransactionTimeout must be >= 0, was PT-1S");
    assertThatThrownBy(() -> StreamLimits.defaults().withMaxOpen(0))
        .hasMessage("maxOpen must be >= 1, was 0");
    assertThatThrownBy(() -> HttpOptions.defaults().withIdleTimeout(Duration.ZERO))
        .hasMessage("idleTimeout must be positive, was PT0S");
  }
}
