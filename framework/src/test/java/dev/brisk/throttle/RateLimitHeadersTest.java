package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RateLimit fields: remaining never above the quota, and the key-check policy's name. */
class RateLimitHeadersTest {

  private static final List<Bandwidth> PRO = List.of(new Bandwidth(200, Duration.ofSeconds(1),
      400));

  @Test
  void remaining_is_never_reported_above_the_quota() {
    // Leases granted by overlapping Redis calls answered out of order add up past the burst for
    // a moment (a batch of 50 reported r=514 with q=400).
    Problem p = RateLimitHandler.refusal("pro", PRO, new Decision(false, 0, 514, 2_000_000, 5_000));
    assertThat(p.headers().get("RateLimit")).isEqualTo("\"pro\";r=400;t=2");
    assertThat(p.headers().get("RateLimit-Policy")).isEqualTo("\"pro\";q=400;w=2");
  }

  @Test
  void refused_key_checks_name_their_own_policy() {
    Problem p = RateLimitHandler.keyCheckRefusal(PRO, new Decision(false, 0, 0, 1_000_000,
        5_000));
    assertThat(p.status()).isEqualTo(429);
    assertThat(p.headers().get("RateLimit")).isEqualTo("\"key-checks\";r=0;t=1");
    assertThat(p.detail()).contains("Too many API keys or tokens to check from this address");
  }
}
