package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ThrottleMetersTest {

  @Test
  void decisions_sheds_and_admissions_are_counted_by_tier_and_outcome_or_reason() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ThrottleMeters meters = new ThrottleMeters(registry);

    meters.rateLimited("pro", true);
    meters.rateLimited(new String("pro"), true);
    meters.rateLimited("pro", false);
    meters.shed("free", "queue-timeout");
    meters.admitted("internal");
    meters.admitted("internal");

    assertThat(registry.get("brisk.ratelimit.requests").tags("tier", "pro", "outcome", "allowed")
        .counter().count()).isEqualTo(2);
    assertThat(registry.get("brisk.ratelimit.requests").tags("tier", "pro", "outcome", "limited")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("brisk.concurrency.shed").tags("tier", "free", "reason",
        "queue-timeout").counter().count()).isEqualTo(1);
    assertThat(registry.get("brisk.concurrency.admitted").tags("tier", "internal").counter()
        .count()).isEqualTo(2);
    assertThat(registry.get("brisk.concurrency.admitted").counter().getId().getTags())
        .as("admissions carry the tier alone").hasSize(1);
  }
}
