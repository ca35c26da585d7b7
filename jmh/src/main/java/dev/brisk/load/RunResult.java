package dev.brisk.load;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one scenario run against one target measured.
 *
 * @param target target name ({@code brisk}, {@code baseline}, {@code peer})
 * @param scenario scenario name
 * @param model {@code open} (constant arrival rate) or {@code closed} (N connections)
 * @param targetRate scheduled requests/s (open model), 0 for closed
 * @param connections connection pool size
 * @param elapsedNanos first intended send to last completion
 * @param ok responses the scenario expects
 * @param shed 429/503 responses
 * @param errors other statuses, transport failures and timeouts
 * @param overflow scheduled requests never sent because too many were in flight
 * @param latency all responses: open model from intended send, closed from actual send
 * @param okLatency the same, OK responses only
 * @param maxSendLagNanos worst lateness of an actual send behind its intended time
 * @param statuses response count per status (incl. OK)
 * @param failures transport failure count per exception message
 */
public record RunResult(String target, String scenario, String model, long targetRate,
    int connections, long elapsedNanos, long ok, long shed, long errors, long overflow,
    Histogram latency, Histogram okLatency, long maxSendLagNanos, Map<Integer, Long> statuses,
    Map<String, Long> failures) {

  /** Responses received (any status). */
  public long responses() {
    return ok + shed + errors - failures.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Achieved throughput: responses per second of elapsed time. */
  public double throughput() {
    return elapsedNanos <= 0 ? 0 : responses() * 1e9 / elapsedNanos;
  }

  /** Expected (OK) responses per second. */
  public double okThroughput() {
    return elapsedNanos <= 0 ? 0 : ok * 1e9 / elapsedNanos;
  }

  /** Errors plus overflow: everything that did not answer as expected or as shed. */
  public long failed() {
    return errors + overflow;
  }

  /** Latency percentile of all responses in milliseconds (NaN when none). */
  public double percentileMillis(double percentile) {
    return millis(latency, percentile);
  }

  /** Latency percentile of OK responses in milliseconds (NaN when none). */
  public double okPercentileMillis(double percentile) {
    return millis(okLatency, percentile);
  }

  private static double millis(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return Double.NaN;
    }
    long nanos = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
  }
}
