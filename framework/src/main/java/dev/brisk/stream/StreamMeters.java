package dev.brisk.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code brisk.stream.items} (items taken from sources, by format: the server-side rows fetched)
 * and {@code brisk.stream.completed} (streams by format and outcome). Thread-safe.
 */
final class StreamMeters {

  private final MeterRegistry registry;
  private final Map<StreamFormat, Counter> items = new EnumMap<>(StreamFormat.class);

  StreamMeters(MeterRegistry registry) {
    this.registry = registry;
    for (StreamFormat f : StreamFormat.values()) {
      items.put(f, Counter.builder("brisk.stream.items")
          .description("Items taken from stream sources (rows fetched), by format")
          .tag("format", f.tag())
          .register(registry));
    }
  }

  Counter items(StreamFormat format) {
    return items.get(format);
  }

  void completed(StreamFormat format, StreamResult.Outcome outcome) {
    Counter.builder("brisk.stream.completed")
        .description("Streaming responses by format and outcome")
        .tag("format", format.tag())
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry).increment();
  }
}
