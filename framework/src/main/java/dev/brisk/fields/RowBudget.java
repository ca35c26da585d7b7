package dev.brisk.fields;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embedded objects attached so far by the current request, every level and every sub-request of
 * a batch together (sub-requests share their outer request's attachments): what embeds add to the
 * response, whatever the loaders deduplicated. Thread-safe.
 */
final class RowBudget {

  private static final Object KEY = RowBudget.class;

  private final AtomicLong rows = new AtomicLong();
  private final Set<Object> attached =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  private RowBudget() {
  }

  /** Starts the current request's count over; outside a request nothing happens. */
  static void restart() {
    RequestScope scope = RequestScope.current();
    if (scope != null) {
      scope.attachment(KEY, k -> new RowBudget()).rows.set(0);
    }
  }

  /**
   * Loaded embed values attached so far by the current request, by identity: a batch's
   * sub-requests share their loaders, so one rendering's values reach the others too. Outside a
   * request, a fresh set.
   */
  static Set<Object> attachedSoFar() {
    RequestScope scope = RequestScope.current();
    return scope == null ? Collections.newSetFromMap(new IdentityHashMap<>())
        : scope.attachment(KEY, k -> new RowBudget()).attached;
  }

  /**
   * Counts {@code n} more embedded rows for the current request; the problem to fail with when
   * they would take it past what its caller's tier may embed ({@link EmbedLimits#maxRowsFor}),
   * else null. Refused rows are never attached, so they are not counted: a sibling sub-request
   * that fits what is left is still served. Outside a request nothing is counted.
   */
  static Problem take(long n, EmbedLimits limits) {
    RequestScope scope = RequestScope.current();
    if (scope == null || n == 0) {
      return null;
    }
    String tier = scope.tier();
    long maxRows = limits.maxRowsFor(tier);
    AtomicLong rows = scope.attachment(KEY, k -> new RowBudget()).rows;
    long counted = rows.get();
    while (counted + n <= maxRows) {
      if (rows.compareAndSet(counted, counted + n)) {
        return null;
      }
      counted = rows.get();
    }
    Counter.builder("brisk.embed.budget_exceeded")
        .description("Requests refused (413) for embedding more rows than the row budget")
        .register(Metrics.globalRegistry).increment();
    String whose = maxRows < limits.maxRows() ? " (the budget of tier " + tier + ")" : "";
    return Problem.payloadTooLarge("The response would embed more than " + maxRows
        + " rows" + whose + "; ask for fewer rows (a smaller limit or narrower filters) or fewer "
        + "embeds (fields)");
  }
}
