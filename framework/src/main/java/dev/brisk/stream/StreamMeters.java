package dev.brisk.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code brisk.stream.items} (items taken from sources, by format: the server-side rows fetched)
 * and {@code brisk.stream.completed} (streams by format and outcome), all registered at 0 up
 * front so a first cut-off shows as an increase. Thread-safe.
 */
final class StreamMeters {

  private final Map<StreamFormat, Counter> items = new EnumMap<>(StreamFormat.class);
  private final Map<StreamFormat, Map<StreamResult.Outcome, Counter>> completed =
      new EnumMap<>(StreamFormat.class);

  StreamMeters(MeterRegistry registry) {
    for (StreamFormat f : StreamFormat.values()) {
      items.put(f, Counter.builder("brisk.stream.items")
          .description("Items taken from stream sources (rows fetched), by format")
          .tag("format", f.tag())
          .register(registry));
      Map<StreamResult.Outcome, Counter> outcomes = new EnumMap<>(StreamResult.Outcome.class);
      for (StreamResult.Outcome o : StreamResult.Outcome.values()) {
        outcomes.put(o, Counter.builder("brisk.stream.completed")
            .description("Streaming responses by format and outcome")
            .tag("format", f.tag())
            .tag("outcome", o.name().toLowerCase(Locale.ROOT))
            .register(registry));
      }
      completed.put(f, outcomes);
    }
  }

  Counter items(StreamFormat format) {
    return items.get(format);
  }

  void completed(StreamFormat format, StreamResult.Outcome outcome) {
    completed.get(format).get(outcome).increment();
  }
}
