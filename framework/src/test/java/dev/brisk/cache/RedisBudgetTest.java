package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RedisBudgetTest {

  private final AtomicLong clock = new AtomicLong(-5_500_000_000L);
  private final RedisBudget budget = new RedisBudget(1000, clock::get);

  @Test
  void refuses_an_entry_that_would_pass_the_bound_and_counts_nothing_for_it() {
    assertThat(budget.tryCharge(600, 10_000)).isTrue();
    assertThat(budget.tryCharge(500, 10_000)).isFalse();
    assertThat(budget.tryCharge(400, 10_000)).isTrue();
    assertThat(budget.heldBytes()).isEqualTo(1000);
    assertThat(budget.tryCharge(1, 10_000)).isFalse();
  }

  @Test
  void an_entry_counts_until_its_time_to_live_ends() {
    assertThat(budget.tryCharge(600, 10_000)).isTrue();
    clock.addAndGet(5_000_000_000L);
    assertThat(budget.tryCharge(400, 2_000)).isTrue();
    clock.addAndGet(4_000_000_000L);
    // 9 s in: the second (2 s) expired, the first (10 s) still counts.
    assertThat(budget.tryCharge(500, 10_000)).isFalse();
    assertThat(budget.heldBytes()).isEqualTo(600);
    clock.addAndGet(2_000_000_000L);
    // 11 s in: the first is gone too (Redis dropped it; expiries count to their whole second).
    assertThat(budget.tryCharge(1000, 10_000)).isTrue();
    assertThat(budget.heldBytes()).isEqualTo(1000);
  }

  @Test
  void held_bytes_drop_when_entries_expire_without_a_new_charge() {
    assertThat(budget.tryCharge(600, 2_000)).isTrue();
    assertThat(budget.heldBytes()).isEqualTo(600);
    clock.addAndGet(3_000_000_000L);
    // The gauge brisk.cache.redis.bytes reads this: an idle instance holds nothing in Redis.
    assertThat(budget.heldBytes()).isZero();
  }
}
