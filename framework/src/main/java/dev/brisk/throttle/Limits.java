package dev.brisk.throttle;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;

/** Builds the Netflix concurrency-limits algorithm the options name. */
final class Limits {

  private Limits() {
  }

  static Limit of(ConcurrencyOptions options) {
    if (options.algorithm().equals("vegas")) {
      return VegasLimit.newBuilder().initialLimit(options.initialLimit())
          .maxConcurrency(options.maxLimit()).build();
    }
    return Gradient2Limit.newBuilder().initialLimit(options.initialLimit())
        .minLimit(options.minLimit()).maxConcurrency(options.maxLimit()).build();
  }
}
