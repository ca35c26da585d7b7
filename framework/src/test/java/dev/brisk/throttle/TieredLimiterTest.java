package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Shedding order by tier, with a fake clock: ranks 0 anonymous, 1 free, 2 pro, 3 internal. */
class TieredLimiterTest {

  private static final int ANONYMOUS = 0;
  private static final int FREE = 1;
  private static final int PRO = 2;
  private static final int INTERNAL = 3;

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<String> events = new ArrayList<>();
  private double load;

  private static final double[] NO_RESERVE = {0, 0, 0, 0};
  private static final ConcurrencyOptions OPTIONS = ConcurrencyOptions.defaults()
      .withQueueTimeout(Duration.ofMillis(50));

  private TieredLimiter limiter(int limit, int maxQueue) {
    return new TieredLimiter(FixedLimit.of(limit), NO_RESERVE, OPTIONS.withMaxQueue(maxQueue),
        clock::get, () -> load);
  }

  private TieredLimiter.Waiter waiter(String name, List<Long> starts) {
    return new TieredLimiter.Waiter() {
      @Override
      public void admitted(long startNanos) {
        events.add(name + " admitted");
        starts.add(startNanos);
      }

      @Override
      public void shed(String reason) {
        events.add(name + " shed " + reason);
      }
    };
  }

  @Test
  void lower_tiers_are_refused_first_as_in_flight_grows() {
    // shares of 12: anonymous 0.5 -> 6, free 0.67 -> 8, pro 0.83 -> 10, internal 1.0 -> 12
    TieredLimiter limiter = limiter(12, 0);
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      limiter.acquire(INTERNAL, waiter("i", starts));
    }
    events.clear();
    int[] order = {ANONYMOUS, FREE, FREE, FREE, PRO, PRO, PRO, INTERNAL, INTERNAL, INTERNAL};
    for (int rank : order) {
      limiter.acquire(rank, waiter("r" + rank, starts));
    }
    assertThat(events).containsExactly("r0 shed full", "r1 admitted", "r1 admitted",
        "r1 shed full", "r2 admitted", "r2 admitted", "r2 shed full", "r3 admitted",
        "r3 admitted", "r3 shed full");
    assertThat(limiter.inFlight()).isEqualTo(12);
  }

  @Test
  void a_single_tier_fills_the_whole_limit() {
    // Nobody to give way to: before, the only tier was held to the lowest tier's half.
    TieredLimiter limiter = new TieredLimiter(FixedLimit.of(6), new double[] {0},
        OPTIONS.withMaxQueue(0), clock::get, () -> load);
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      limiter.acquire(ANONYMOUS, waiter("a", starts));
    }
    assertThat(starts).hasSize(6);
    assertThat(events).last().isEqualTo("a shed full");
  }

  @Test
  void a_full_queue_evicts_its_lowest_tier_and_serves_the_highest_first() {
    // shares of 4: anonymous 2, free 2, pro 3, internal 4
    TieredLimiter limiter = limiter(4, 2);
    List<Long> starts = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      limiter.acquire(INTERNAL, waiter("i" + i, starts));
    }
    limiter.acquire(ANONYMOUS, waiter("a", starts));
    limiter.acquire(FREE, waiter("f", starts));
    limiter.acquire(PRO, waiter("p", starts));
    limiter.acquire(ANONYMOUS, waiter("a2", starts));
    assertThat(events).containsExactly("i1 admitted", "i2 admitted", "i3 admitted",
        "i4 admitted", "a shed evicted", "a2 shed full");
    assertThat(limiter.queued()).isEqualTo(2);
    clock.addAndGet(Duration.ofMillis(5).toNanos());
    limiter.release(INTERNAL, starts.get(0), false);
    assertThat(events).last().isEqualTo("a2 shed full");
    limiter.release(INTERNAL, starts.get(1), false);
    assertThat(events).last().isEqualTo("p admitted");
    assertThat(limiter.queued()).isEqualTo(1);
  }

  @Test
  void queued_requests_are_shed_when_their_wait_times_out() {
    TieredLimiter limiter = limiter(1, 4);
    List<Long> starts = new ArrayList<>();
    limiter.acquire(INTERNAL, waiter("i", starts));
    limiter.acquire(PRO, waiter("p", starts));
    clock.addAndGet(Duration.ofMillis(49).toNanos());
    limiter.sweep();
    assertThat(events).containsExactly("i admitted");
    clock.addAndGet(Duration.ofMillis(1).toNanos());
    limiter.sweep();
    assertThat(events).containsExactly("i admitted", "p shed timeout");
    assertThat(limiter.queued()).isZero();
  }

  @Test
  void a_slot_given_back_early_admits_the_next_waiter_without_a_sample() {
    SampleCounting limit = new SampleCounting(1);
    TieredLimiter limiter = new TieredLimiter(limit, NO_RESERVE, OPTIONS.withMaxQueue(1),
        clock::get, () -> load);
    List<Long> starts = new ArrayList<>();
    limiter.acquire(INTERNAL, waiter("stream", starts));
    limiter.acquire(INTERNAL, waiter("next", starts));
    limiter.releaseUnsampled(INTERNAL);
    assertThat(events).containsExactly("stream admitted", "next admitted");
    assertThat(limit.samples).isZero();
    limiter.release(INTERNAL, starts.get(1), false);
    assertThat(limit.samples).isEqualTo(1);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void an_active_tier_keeps_its_reserved_share_while_lower_tiers_flood() {
    // limit 20, half reserved for internal: each 10 ms tick the lower tiers arrive first
    TieredLimiter limiter = new TieredLimiter(FixedLimit.of(20), new double[] {0, 0, 0, 0.5},
        OPTIONS.withMaxQueue(0), clock::get, () -> 0);
    int[] served = new int[4];
    int[] offered = {20, 20, 20, 8};
    for (int tick = 0; tick < 20; tick++) {
      runTick(limiter, offered, served);
    }
    assertThat(served[INTERNAL]).isGreaterThanOrEqualTo((int) (0.95 * 20 * 8));
    // lower tiers shed first: each tier is served at most as much as the one above it
    assertThat(served[ANONYMOUS]).isLessThan(served[FREE]);
    assertThat(served[FREE]).isLessThanOrEqualTo(served[PRO]);
  }

  @Test
  void without_a_reservation_lower_tiers_take_what_internal_needs() {
    TieredLimiter limiter = new TieredLimiter(FixedLimit.of(20), NO_RESERVE,
        OPTIONS.withMaxQueue(0), clock::get, () -> 0);
    int[] served = new int[4];
    for (int tick = 0; tick < 20; tick++) {
      runTick(limiter, new int[] {20, 20, 20, 8}, served);
    }
    assertThat(served[INTERNAL]).isEqualTo(20 * 4);
  }

  @Test
  void a_tier_holds_only_what_it_recently_wanted_and_frees_it_when_idle() {
    TieredLimiter limiter = new TieredLimiter(FixedLimit.of(20), new double[] {0, 0, 0, 0.5},
        OPTIONS.withMaxQueue(0), clock::get, () -> 0);
    int[] served = new int[4];
    runTick(limiter, new int[] {0, 0, 0, 1}, served);
    runTick(limiter, new int[] {20, 0, 0, 0}, served);
    assertThat(served[ANONYMOUS]).as("10 of the ceiling, 1 held for internal").isEqualTo(9);
    clock.addAndGet(2 * TieredLimiter.DEMAND_WINDOW_NANOS);
    runTick(limiter, new int[] {20, 0, 0, 0}, served);
    assertThat(served[ANONYMOUS]).isEqualTo(9 + 10);
  }

  /** One 10 ms tick: lowest tier arrives first, then each higher one; all finish by the next. */
  private void runTick(TieredLimiter limiter, int[] offered, int[] served) {
    List<long[]> admitted = new ArrayList<>();
    for (int rank = 0; rank < offered.length; rank++) {
      for (int i = 0; i < offered[rank]; i++) {
        int r = rank;
        limiter.acquire(r, new TieredLimiter.Waiter() {
          @Override
          public void admitted(long startNanos) {
            served[r]++;
            admitted.add(new long[] {r, startNanos});
          }

          @Override
          public void shed(String reason) {
          }
        });
      }
    }
    clock.addAndGet(Duration.ofMillis(10).toNanos());
    for (long[] a : admitted) {
      limiter.release((int) a[0], a[1], false);
    }
  }

  /** A fixed limit that counts the samples it is fed. */
  private static final class SampleCounting implements com.netflix.concurrency.limits.Limit {
    private final int limit;
    private int samples;

    SampleCounting(int limit) {
      this.limit = limit;
    }

    @Override
    public int getLimit() {
      return limit;
    }

    @Override
    public void notifyOnChange(java.util.function.Consumer<Integer> consumer) {
    }

    @Override
    public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
      samples++;
    }
  }

  @Test
  void load_signals_halve_the_limit_and_shed_the_lowest_tier_first() {
    TieredLimiter limiter = limiter(20, 0);
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      limiter.acquire(INTERNAL, waiter("i" + i, starts));
    }
    limiter.acquire(ANONYMOUS, waiter("calm anonymous", starts));
    load = 1.0;
    assertThat(limiter.effectiveLimit()).isEqualTo(10);
    limiter.acquire(ANONYMOUS, waiter("busy anonymous", starts));
    limiter.acquire(INTERNAL, waiter("busy internal", starts));
    assertThat(events).endsWith("calm anonymous admitted", "busy anonymous shed full",
        "busy internal admitted");
  }

  @Test
  void load_signals_never_take_the_limit_below_its_floor() {
    // The default floor is 8 per event loop: five readers during a failover are never shed.
    load = 1.0;
    assertThat(limiter(12, 0).effectiveLimit()).isEqualTo(8);
    assertThat(limiter(8, 0).effectiveLimit()).isEqualTo(8);
    assertThat(limiter(4, 0).effectiveLimit()).as("a learned limit under the floor stays")
        .isEqualTo(4);
    TieredLimiter atFloor = limiter(8, 0);
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      atFloor.acquire(INTERNAL, waiter("reader" + i, starts));
    }
    assertThat(events).filteredOn(e -> e.endsWith("admitted")).hasSize(8);
  }

  @Test
  void rising_latency_lowers_the_gradient_limit() {
    Gradient2Limit gradient = Gradient2Limit.newBuilder().initialLimit(50).minLimit(5)
        .maxConcurrency(200).build();
    TieredLimiter limiter = new TieredLimiter(gradient, NO_RESERVE, OPTIONS, clock::get,
        () -> 0);
    List<Long> starts = new ArrayList<>();
    runRound(limiter, starts, 40, Duration.ofMillis(5));
    int calm = limiter.effectiveLimit();
    for (int round = 0; round < 20; round++) {
      runRound(limiter, starts, 40, Duration.ofMillis(100));
    }
    assertThat(limiter.effectiveLimit()).isLessThan(calm);
  }

  private void runRound(TieredLimiter limiter, List<Long> starts, int n, Duration latency) {
    starts.clear();
    for (int i = 0; i < n; i++) {
      limiter.acquire(INTERNAL, waiter("x", starts));
    }
    clock.addAndGet(latency.toNanos());
    for (long start : List.copyOf(starts)) {
      limiter.release(INTERNAL, start, false);
    }
  }
}
