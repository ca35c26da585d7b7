package dev.brisk.load;

import java.util.Set;
import java.util.function.LongFunction;

/**
 * A named request stream the generators replay: request {@code seq} of a run is
 * {@code request(seq)}. Implementations must be cheap and stateless per call, because
 * {@link #request(long)} runs on the load client's event loop for every request.
 */
public interface Scenario {

  /**
   * A scenario from a request supplier; the given statuses count as {@link Outcome#OK}.
   * {@code Scenario.of("get", "one product", 1000, Set.of(200), seq -> RequestSpec.get(...))}
   */
  static Scenario of(String name, String description, long defaultRate, Set<Integer> okStatuses,
      LongFunction<RequestSpec> requests) {
    return new SimpleScenario(name, description, defaultRate, 0, Set.copyOf(okStatuses),
        requests);
  }

  /**
   * A scenario meant to run above capacity: without an explicit rate it runs at
   * {@code factor} times the throughput its closed-model warm-up reached ({@code fallbackRate}
   * when there is no warm-up).
   */
  static Scenario aboveCapacity(String name, String description, double factor,
      long fallbackRate, Set<Integer> okStatuses, LongFunction<RequestSpec> requests) {
    if (!(factor > 1)) {
      throw new IllegalArgumentException("factor must be > 1, was " + factor);
    }
    return new SimpleScenario(name, description, fallbackRate, factor, Set.copyOf(okStatuses),
        requests);
  }

  /** Short name used on the command line and in tables. */
  String name();

  /** One line: what the scenario sends. */
  String description();

  /** Arrival rate (requests/s) used when the command line names none. */
  long defaultRate();

  /** Multiple of the warm-up's measured capacity to run at, or 0 to use the default rate. */
  double capacityFactor();

  /** Request number {@code seq} of a run; runs on the load client's event loop. */
  RequestSpec request(long seq);

  /** How a response status counts; runs on the load client's event loop. */
  Outcome classify(int status);
}
