package dev.brisk.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rate search: runs the open model at rising rates (x1.5 per step) until a step fails: p99 above
 * the SLO, more than 1% of scheduled requests failed or shed, or achieved throughput below 95% of
 * the target. The highest passing rate approximates the sustainable throughput at that p99.
 * Blocks the calling (main) thread.
 */
final class RateFinder {

  private static final int MAX_STEPS = 14;
  private static final double FACTOR = 1.5;

  private final OpenLoadGenerator generator;
  private final Duration step;
  private final Duration sloP99;

  RateFinder(OpenLoadGenerator generator, Duration step, Duration sloP99) {
    this.generator = generator;
    this.step = step;
    this.sloP99 = sloP99;
  }

  /** Steps up from {@code startRate} (halving first while the start rate already fails). */
  RateSearch find(String target, Scenario scenario, long startRate) {
    List<RunResult> steps = new ArrayList<>();
    long rate = Math.max(1, startRate);
    RunResult first = generator.run(target, scenario, rate, step);
    steps.add(first);
    while (!passes(steps.get(steps.size() - 1), sloP99) && rate > 1 && steps.size() < 4) {
      rate = Math.max(1, rate / 2);
      steps.add(generator.run(target, scenario, rate, step));
    }
    long best = passes(steps.get(steps.size() - 1), sloP99) ? rate : 0;
    while (best > 0 && steps.size() < MAX_STEPS) {
      rate = Math.max(rate + 1, (long) (rate * FACTOR));
      RunResult r = generator.run(target, scenario, rate, step);
      steps.add(r);
      if (!passes(r, sloP99)) {
        break;
      }
      best = rate;
    }
    return new RateSearch(scenario.name(), steps, best);
  }

  /** Whether a step kept p99, failures and throughput within bounds. */
  static boolean passes(RunResult r, Duration sloP99) {
    long scheduled = r.responses() + r.overflow()
        + r.failures().values().stream().mapToLong(Long::longValue).sum();
    boolean fewFailures = (r.failed() + r.shed()) <= Math.max(1, scheduled / 100);
    boolean fastEnough = r.percentileMillis(99) <= sloP99.toNanos() / 1e6;
    boolean keptUp = r.throughput() >= 0.95 * r.targetRate();
    return fewFailures && fastEnough && keptUp;
  }
}
