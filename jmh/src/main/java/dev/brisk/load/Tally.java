package dev.brisk.load;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Counts and latency histograms of one run. Latency is {@code end - start} where {@code start} is
 * the intended send time in the open model (coordinated-omission corrected) and the actual send
 * time in the closed model. Confined to the load client's event loop.
 */
final class Tally {

  private final Histogram latency = new Histogram(3);
  private final Histogram okLatency = new Histogram(3);
  private final Map<Integer, Long> statuses = new TreeMap<>();
  private final Map<String, Long> failures = new TreeMap<>();
  private long ok;
  private long shed;
  private long errors;
  private long overflow;
  private long maxSendLag;
  private long lastEnd = Long.MIN_VALUE;

  /** Records a response that arrived at {@code endNanos} for a request timed from start. */
  void response(long startNanos, long endNanos, int status, Outcome outcome) {
    long nanos = Math.max(0, endNanos - startNanos);
    latency.recordValue(nanos);
    statuses.merge(status, 1L, Long::sum);
    switch (outcome) {
      case OK:
        ok++;
        okLatency.recordValue(nanos);
        break;
      case SHED:
        shed++;
        break;
      default:
        errors++;
    }
    lastEnd = Math.max(lastEnd, endNanos);
  }

  /** Records a request that failed without a response (connect error, timeout, reset). */
  void failure(long endNanos, Throwable cause) {
    errors++;
    String kind = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    failures.merge(kind.length() > 100 ? kind.substring(0, 100) : kind, 1L, Long::sum);
    lastEnd = Math.max(lastEnd, endNanos);
  }

  /** Records a scheduled request that was not sent because the in-flight cap was reached. */
  void overflow() {
    overflow++;
  }

  /** Records how late an actual send was behind its intended time. */
  void sendLag(long nanos) {
    maxSendLag = Math.max(maxSendLag, nanos);
  }

  /** Requests that never completed before the run gave up on them count as errors. */
  void abandoned(long count) {
    if (count > 0) {
      errors += count;
      failures.merge("no answer before the end of the grace period", count, Long::sum);
    }
  }

  /** Last completion time seen, or {@code fallback} when nothing completed. */
  long lastEnd(long fallback) {
    return lastEnd == Long.MIN_VALUE ? fallback : lastEnd;
  }

  /** A snapshot as a result. */
  RunResult result(String target, String scenario, String model, long rate, int connections,
      long elapsedNanos) {
    return new RunResult(target, scenario, model, rate, connections, elapsedNanos, ok, shed,
        errors, overflow, latency.copy(), okLatency.copy(), maxSendLag,
        Collections.unmodifiableMap(new TreeMap<>(statuses)),
        Collections.unmodifiableMap(new TreeMap<>(failures)));
  }
}
