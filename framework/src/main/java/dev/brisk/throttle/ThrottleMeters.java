package dev.brisk.throttle;

import dev.brisk.internal.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The throttle's meters: {@code brisk.ratelimit.requests{tier,outcome}},
 * {@code brisk.ratelimit.fallback}, {@code brisk.ratelimit.redis.errors},
 * {@code brisk.ratelimit.redis.calls}, {@code brisk.ratelimit.lease.tokens},
 * {@code brisk.concurrency.shed{tier,reason}}, {@code brisk.concurrency.admitted{tier}} and the
 * per-event-loop gauges
 * {@code brisk.concurrency.limit|inflight|queued{thread}}. The tagged counters of the known tiers
 * exist at 0 from the start ({@link #registerTiers}), so alerts and panels see them before the
 * first decision. Sheds are also logged: a WARN when an instance starts shedding, then at most
 * one a minute while it goes on, with the count of the others. Thread-safe.
 */
final class ThrottleMeters {

  private final MeterRegistry registry;
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
  private final Counter redisErrors;
  private final Counter redisCalls;
  private final DistributionSummary leaseSize;
  /** One WARN a minute at most per app while it sheds, not one per refused request. */
  private final ThrottledLog shedLog = new ThrottledLog(
      LoggerFactory.getLogger(DefaultAdmission.class), Duration.ofMinutes(1), System::nanoTime);

  ThrottleMeters(MeterRegistry registry) {
    this.registry = registry;
    this.redisErrors = Counter.builder("brisk.ratelimit.redis.errors")
        .description("Redis rate-limit calls that failed or timed out").register(registry);
    this.redisCalls = Counter.builder("brisk.ratelimit.redis.calls")
        .description("Rate-limit decisions asked of Redis (the rest spend local allowances)")
        .register(registry);
    this.leaseSize = DistributionSummary.builder("brisk.ratelimit.lease.tokens")
        .description("Tokens asked of Redis per call: 1 per request, more for a local allowance")
        .register(registry);
  }

  /**
   * Registers at 0 the decisions of each rate-limited tier and, when the concurrency limit is on,
   * the admissions and sheds (every reason) of every tier.
   */
  void registerTiers(List<String> rateLimited, List<String> admitted) {
    for (String tier : rateLimited) {
      rateLimits(tier, true);
      rateLimits(tier, false);
    }
    for (String tier : admitted) {
      admissions(tier);
      for (String reason : TieredLimiter.SHED_REASONS) {
        sheds(tier, reason);
      }
    }
  }

  void redisCall(long tokens) {
    redisCalls.increment();
    leaseSize.record(tokens);
  }

  void rateLimited(String tier, boolean allowed) {
    rateLimits(tier, allowed).increment();
  }

  void shed(String tier, String reason) {
    sheds(tier, reason).increment();
    shedLog.warn("shed", () -> "Shedding requests (503 overloaded): the concurrency limit is"
        + " reached, the instance is over capacity (this one: tier " + tier + ", reason " + reason
        + "; brisk_concurrency_shed_total counts every one)");
  }

  void admitted(String tier) {
    admissions(tier).increment();
  }

  private Counter rateLimits(String tier, boolean allowed) {
    String outcome = allowed ? "allowed" : "limited";
    return counter(new Key("brisk.ratelimit.requests", tier, outcome), "outcome",
        "Rate-limit decisions by tier and outcome");
  }

  private Counter sheds(String tier, String reason) {
    return counter(new Key("brisk.concurrency.shed", tier, reason), "reason",
        "Requests rejected with 503 by the concurrency limit");
  }

  private Counter admissions(String tier) {
    return counter(new Key("brisk.concurrency.admitted", tier, null), null,
        "Requests admitted by the concurrency limit");
  }

  // Counted on every request: the key hashes the strings' cached hashes, no text is built.
  private Counter counter(Key key, String detailTag, String description) {
    Counter counter = counters.get(key);
    return counter != null ? counter : counters.computeIfAbsent(key, k -> {
      Counter.Builder builder = Counter.builder(k.name()).description(description)
          .tag("tier", k.tier());
      return (detailTag == null ? builder : builder.tag(detailTag, k.detail()))
          .register(registry);
    });
  }

  private record Key(String name, String tier, String detail) {
  }

  void redisError() {
    redisErrors.increment();
  }

  void fallbackGauge(Supplier<Number> state) {
    Gauge.builder("brisk.ratelimit.fallback", state)
        .description("1 while rate limits use per-instance buckets because Redis is unreachable")
        .register(registry);
  }

  /** Registers the gauges of one event loop's limiter. */
  void limiterGauges(String thread, TieredLimiter limiter) {
    Gauge.builder("brisk.concurrency.limit", limiter, TieredLimiter::effectiveLimit)
        .description("Current adaptive concurrency limit (after load signals)")
        .tag("thread", thread).register(registry);
    Gauge.builder("brisk.concurrency.inflight", limiter, TieredLimiter::inFlight)
        .description("Requests admitted and not yet finished")
        .tag("thread", thread).register(registry);
    Gauge.builder("brisk.concurrency.queued", limiter, TieredLimiter::queued)
        .description("Requests waiting for a concurrency slot")
        .tag("thread", thread).register(registry);
  }
}
