package dev.brisk.throttle;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import java.util.concurrent.TimeUnit;

/** Builds the limit algorithm the options name (Netflix concurrency-limits or our own). */
final class Limits {

  private Limits() {
  }

  static Limit of(ConcurrencyOptions options) {
    if (options.algorithm().equals("vegas")) {
      return VegasLimit.newBuilder().initialLimit(options.initialLimit())
          .maxConcurrency(options.maxLimit()).build();
    }
    if (options.algorithm().equals("aimd")) {
      return AIMDLimit.newBuilder().initialLimit(options.initialLimit())
          .minLimit(options.minLimit()).maxLimit(options.maxLimit())
          .timeout(options.latencyTarget().toNanos(), TimeUnit.NANOSECONDS).build();
    }
    if (options.algorithm().equals("gradient2")) {
      return Gradient2Limit.newBuilder().initialLimit(options.initialLimit())
          .minLimit(options.minLimit()).maxConcurrency(options.maxLimit()).build();
    }
    return new QueueDelayLimit(options.initialLimit(), options.minLimit(), options.maxLimit(),
        options.latencyTolerance());
  }
}
