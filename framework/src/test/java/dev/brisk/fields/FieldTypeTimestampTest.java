package dev.brisk.fields;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldTypeTimestampTest {

  @Test
  void timestamps_read_exactly_as_iso_instant_for_any_instant() {
    Random random = new Random(7);
    long min = Instant.parse("-0500-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 50_000; i++) {
      long seconds = i % 2 == 0 ? min + (long) (random.nextDouble() * (max - min))
          : random.nextInt(2_000_000_000);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertThat(FieldType.TIMESTAMP.toJson(instant))
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
    for (String edge : new String[] {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00.001Z", "1969-12-31T23:59:59.5Z", "1970-01-01T00:00:00Z"}) {
      Instant instant = Instant.parse(edge);
      assertThat(FieldType.TIMESTAMP.toJson(instant))
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
  }
}
