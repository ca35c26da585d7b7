package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
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

  @Test
  void registered_tiers_have_their_counters_at_zero_before_any_decision() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ThrottleMeters meters = new ThrottleMeters(registry);

    meters.registerTiers(List.of("free", "pro"), List.of("anonymous", "internal"));
    meters.shed("internal", "full");

    assertThat(registry.find("brisk.ratelimit.requests").counters()).hasSize(4)
        .allSatisfy(c -> assertThat(c.count()).isZero());
    assertThat(registry.find("brisk.ratelimit.requests").tag("tier", "internal").counters())
        .as("unlimited tiers make no decisions").isEmpty();
    assertThat(registry.find("brisk.concurrency.admitted").counters()).hasSize(2);
    assertThat(registry.find("brisk.concurrency.shed").tag("tier", "anonymous").counters())
        .extracting(c -> c.getId().getTag("reason"))
        .containsExactlyInAnyOrder("full", "evicted", "timeout");
    assertThat(registry.get("brisk.concurrency.shed").tags("tier", "internal", "reason", "full")
        .counter().count()).as("the registered counter is the one counted").isEqualTo(1);
  }
}
