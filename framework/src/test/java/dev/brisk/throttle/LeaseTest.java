package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Local allowances: sizing by spending rate, caps by instance count, quick expiry, and answers of
 * overlapping calls adding up.
 */
class LeaseTest {

  private static final long MS = 1_000_000L;
  private static final Decision GRANTED = new Decision(true, 0, 500, 1_000_000, 0);

  private long now = 1_000 * MS;

  @Test
  void a_hot_key_doubles_its_lease_up_to_its_rate_times_the_lease_time() {
    Lease lease = new Lease(100 * MS);
    long size = lease.nextSize(1, now, 1000);
    assertThat(size).isEqualTo(1);
    for (int round = 0; round < 8; round++) {
      lease.granted(GRANTED, size, 1, 1, now);
      // spent at one request per 0.1 ms: 1000 per lease time
      while (lease.take(1, now) != null) {
        now += MS / 10;
      }
      size = lease.nextSize(1, now, 1000);
    }
    assertThat(size).isBetween(500L, 1000L);
  }

  @Test
  void the_cap_is_shared_by_the_instances_that_lease_and_sizes_are_whole_costs() {
    Lease lease = new Lease(100 * MS);
    assertThat(lease.cap(50)).isEqualTo(50);
    lease.granted(GRANTED, 1, 2, 1, now);
    assertThat(lease.cap(50)).isEqualTo(25);
    lease.granted(GRANTED, 10, 2, 1, now);
    while (lease.take(1, now) != null) {
      now += MS / 100;
    }
    assertThat(lease.nextSize(3, now, 25)).isEqualTo(21);
  }

  @Test
  void a_lease_expires_after_its_time_and_reports_what_it_still_holds() {
    Lease lease = new Lease(100 * MS);
    Decision first = lease.granted(GRANTED, 10, 1, 1, now);
    assertThat(first.remaining()).isEqualTo(509);
    assertThat(lease.take(1, now + 99 * MS).remaining()).isEqualTo(508);
    assertThat(lease.take(1, now + 100 * MS)).isNull();
  }

  @Test
  void overlapping_grants_add_up() {
    // Two concurrent requests' calls were both charged in Redis: the second answer adds its
    // tokens to what the first left, it does not replace them.
    Lease lease = new Lease(100 * MS);
    lease.granted(GRANTED, 10, 1, 1, now);
    Decision second = lease.granted(GRANTED, 10, 1, 1, now + MS);
    assertThat(second.allowed()).isTrue();
    int spent = 0;
    while (lease.take(1, now + 2 * MS) != null) {
      spent++;
    }
    assertThat(spent).isEqualTo(18);
  }

  @Test
  void an_answer_arriving_after_a_lower_one_keeps_the_lower_remaining_count() {
    // Redis ran one call (390 left after its 10) before another (380 left after its 10); the
    // later one is answered first.
    Lease lease = new Lease(100 * MS);
    Decision first = lease.granted(new Decision(true, 0, 380, 1_000_000, 0), 10, 1, 1, now);
    assertThat(first.remaining()).isEqualTo(389);
    Decision second = lease.granted(new Decision(true, 0, 390, 900_000, 0), 10, 1, 1, now + MS);
    // 380 in Redis and 18 held here: 408 before, over the quota the caller was charged against.
    assertThat(second.remaining()).isEqualTo(398);
    assertThat(second.resetMicros()).isEqualTo(1_000_000);
    assertThat(lease.take(1, now + MS).remaining()).isEqualTo(397);
  }

  @Test
  void a_denial_keeps_what_an_earlier_grant_left_and_spends_it() {
    Lease lease = new Lease(100 * MS);
    lease.granted(GRANTED, 3, 1, 1, now);
    Decision denied = new Decision(false, 0, 0, 5_000_000, 2_000_000);
    // The denied asker is served from the 2 tokens left, and 1 stays for the next request.
    assertThat(lease.granted(denied, 0, 1, 1, now + MS).allowed()).isTrue();
    assertThat(lease.take(1, now + MS)).isNotNull();
    assertThat(lease.take(1, now + MS)).isNull();
    assertThat(lease.granted(denied, 0, 1, 1, now + MS)).isEqualTo(denied);
  }

  @Test
  void tokens_of_an_expired_lease_are_not_carried_into_the_next() {
    Lease lease = new Lease(100 * MS);
    lease.granted(GRANTED, 10, 1, 1, now);
    lease.granted(GRANTED, 2, 1, 1, now + 100 * MS);
    assertThat(lease.take(1, now + 100 * MS)).isNotNull();
    assertThat(lease.take(1, now + 100 * MS)).isNull();
  }

  @Test
  void an_expired_lease_gives_back_what_it_did_not_spend_once() {
    Lease lease = new Lease(100 * MS);
    lease.granted(GRANTED, 10, 1, 1, now);
    lease.take(1, now + MS);
    assertThat(lease.lapsed(now + 99 * MS)).as("still running").isZero();
    // 10 granted: 1 spent by the asker, 1 by the next request, 8 unspent.
    assertThat(lease.lapsed(now + 100 * MS)).isEqualTo(8);
    assertThat(lease.lapsed(now + 100 * MS)).as("given back already").isZero();
    Decision next = lease.granted(GRANTED, 2, 1, 1, now + 100 * MS);
    assertThat(next.remaining()).as("nothing of the old lease carried").isEqualTo(501);
  }

  @Test
  void a_denial_leaves_nothing_to_spend_and_answers_for_the_lease_time() {
    Lease lease = new Lease(100 * MS);
    Decision denied = new Decision(false, 0, 0, 5_000_000, 2_000_000);
    assertThat(lease.granted(denied, 0, 1, 1, now)).isEqualTo(denied);
    // Redis would deny again until the retry-after (2 s): the lease answers for 100 ms of it,
    // its waits shortened by the time since.
    Decision again = lease.take(1, now + 40 * MS);
    assertThat(again.allowed()).isFalse();
    assertThat(again.retryAfterMicros()).isEqualTo(1_960_000);
    assertThat(again.resetMicros()).isEqualTo(4_960_000);
    assertThat(lease.take(3, now + 99 * MS).allowed()).as("a dearer request").isFalse();
    assertThat(lease.take(1, now + 100 * MS)).as("past the lease time: ask Redis").isNull();
  }

  @Test
  void a_denial_answers_until_its_retry_after_when_that_is_sooner() {
    Lease lease = new Lease(100 * MS);
    Decision denied = new Decision(false, 0, 0, 8_000, 4_000);
    lease.granted(denied, 0, 1, 2, now);
    assertThat(lease.take(1, now + MS)).as("a cheaper request: ask Redis").isNull();
    assertThat(lease.take(2, now + 3 * MS).retryAfterMicros()).isEqualTo(1_000);
    assertThat(lease.take(2, now + 4 * MS)).as("a token is back").isNull();
  }

  @Test
  void a_grant_ends_the_denial() {
    Lease lease = new Lease(100 * MS);
    lease.granted(new Decision(false, 0, 0, 5_000_000, 2_000_000), 0, 1, 1, now);
    lease.granted(GRANTED, 1, 1, 1, now + MS);
    assertThat(lease.take(1, now + MS)).isNull();
  }
}
