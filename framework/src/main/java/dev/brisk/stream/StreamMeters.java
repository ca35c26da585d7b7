package dev.brisk.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code brisk.stream.items} (items taken from sources, by format: the server-side rows fetched),
 * {@code brisk.stream.completed} (streams by format and outcome) and
 * {@code brisk.stream.duration} (their whole length, head to end, by format and outcome), all
 * registered at 0 up front so a first cut-off shows as an increase. Thread-safe.
 */
final class StreamMeters {

  private final Map<StreamFormat, Counter> items = new EnumMap<>(StreamFormat.class);
  private final Map<StreamFormat, Map<StreamResult.Outcome, Counter>> completed =
      new EnumMap<>(StreamFormat.class);
  private final Map<StreamFormat, Map<StreamResult.Outcome, Timer>> durations =
      new EnumMap<>(StreamFormat.class);

  StreamMeters(MeterRegistry registry) {
    for (StreamFormat f : StreamFormat.values()) {
      items.put(f, Counter.builder("brisk.stream.items")
          .description("Items taken from stream sources (rows fetched), by format")
          .tag("format", f.tag())
          .register(registry));
      Map<StreamResult.Outcome, Counter> outcomes = new EnumMap<>(StreamResult.Outcome.class);
      Map<StreamResult.Outcome, Timer> lengths = new EnumMap<>(StreamResult.Outcome.class);
      for (StreamResult.Outcome o : StreamResult.Outcome.values()) {
        String outcome = o.name().toLowerCase(Locale.ROOT);
        outcomes.put(o, Counter.builder("brisk.stream.completed")
            .description("Streaming responses by format and outcome")
            .tag("format", f.tag()).tag("outcome", outcome)
            .register(registry));
        lengths.put(o, Timer.builder("brisk.stream.duration")
            .description("Streaming responses' whole length, by format and outcome (the "
                + "request histogram times them to their head)")
            .tag("format", f.tag()).tag("outcome", outcome)
            .register(registry));
      }
      completed.put(f, outcomes);
      durations.put(f, lengths);
    }
  }

  Counter items(StreamFormat format) {
    return items.get(format);
  }

  void completed(StreamFormat format, StreamResult.Outcome outcome, long nanos) {
    completed.get(format).get(outcome).increment();
    durations.get(format).get(outcome).record(nanos, TimeUnit.NANOSECONDS);
  }
}
