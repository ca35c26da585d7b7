package dev.brisk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskOptions;
import dev.brisk.throttle.ConcurrencyOptions;
import dev.brisk.throttle.RateLimitOptions;
import dev.brisk.throttle.ThrottleOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The throttling page's configuration example (docs/throttling.md), compiled and checked. */
class ThrottlingExampleTest {

  static BriskOptions configure(BriskOptions options) {
    // region throttle-options
    RateLimitOptions rateLimits = RateLimitOptions.defaults()
        .withTiers(RateLimitOptions.parseTiers(
            "anonymous=50/s:100;free=10/s:20,5000/d;pro=200/s:400;internal=unlimited"))
        .withRouteCosts(Map.of("POST /api/orders", 5, "GET /api/products/export", 20))
        .withLeases(Duration.ofMillis(50), 0.02);
    ConcurrencyOptions concurrency = ConcurrencyOptions.defaults()
        .withAlgorithm("vegas")
        .withMaxQueue(32)
        .withReservedShares(Map.of("internal", 0.3, "pro", 0.2));
    return options.withThrottle(ThrottleOptions.defaults()
        .withRateLimits(rateLimits)
        .withConcurrency(concurrency));
    // endregion throttle-options
  }

  @Test
  void the_example_configures_two_bandwidths_for_free_and_route_costs() {
    BriskOptions options = configure(BriskOptions.create("postgresql://pg", "redis://r"));
    RateLimitOptions limits = options.throttle().rateLimits();
    assertThat(limits.bandwidths("free")).hasSize(2);
    assertThat(limits.bandwidths("internal")).isEmpty();
    assertThat(limits.routeCosts()).containsEntry("POST /api/orders", 5);
    assertThat(options.throttle().concurrency().algorithm()).isEqualTo("vegas");
    assertThat(options.throttle().concurrency().reservedShares()).containsEntry("internal", 0.3);
    assertThat(limits.leaseShare()).isEqualTo(0.02);
  }
}
