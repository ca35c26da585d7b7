package dev.brisk.throttle;

import dev.brisk.auth.Caller;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.Steps;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Charges one route's cost to the caller's buckets before its handler runs: adds the
 * {@code RateLimit-Policy} and {@code RateLimit} fields (draft-ietf-httpapi-ratelimit-headers)
 * to the response, and fails with a 429 problem carrying {@code Retry-After} when the caller is
 * out of tokens. Callers of unlimited tiers pass untouched. An allowed request continues with
 * the handler given, directly. Runs on the request's context.
 */
final class RateLimitHandler implements Handler<RoutingContext> {

  private static final CharSequence POLICY = HttpHeaders.createOptimized("RateLimit-Policy");
  private static final CharSequence STATE = HttpHeaders.createOptimized("RateLimit");

  private final RateLimiter limiter;
  private final RateLimitOptions options;
  private final int cost;
  private final ThrottleMeters meters;
  private final Handler<RoutingContext> then;
  private final Map<String, Policies> policies = new ConcurrentHashMap<>();

  RateLimitHandler(RateLimiter limiter, RateLimitOptions options, int cost,
      ThrottleMeters meters, Handler<RoutingContext> then) {
    this.limiter = limiter;
    this.options = options;
    this.cost = cost;
    this.meters = meters;
    this.then = then;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String tier = caller.tier().name();
    List<Bandwidth> bandwidths = options.bandwidths(tier);
    if (bandwidths.isEmpty()) {
      Steps.proceed(ctx, then);
      return;
    }
    // Redis answers later: a streamed body (imports) waits for the handler that follows.
    HeldBody.await(ctx, limiter.acquire(caller, bandwidths, cost),
        ar -> respond(ctx, tier, bandwidths, ar.result()));
  }

  private void respond(RoutingContext ctx, String tier, List<Bandwidth> bandwidths, Decision d) {
    Problem refused = decide(ctx, tier, bandwidths, d);
    if (refused == null) {
      Steps.proceed(ctx, then);
      return;
    }
    ctx.fail(refused);
  }

  /**
   * Charges the cost to the caller of {@code ctx} as {@link #handle} does, rate-limit fields
   * included, without continuing the request: fails with the 429 problem when refused.
   */
  Future<Void> charge(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String tier = caller.tier().name();
    List<Bandwidth> bandwidths = options.bandwidths(tier);
    if (bandwidths.isEmpty()) {
      return Future.succeededFuture();
    }
    return limiter.acquire(caller, bandwidths, cost).compose(d -> {
      Problem refused = decide(ctx, tier, bandwidths, d);
      return refused == null ? Future.succeededFuture() : Future.failedFuture(refused);
    });
  }

  /** Counts {@code d} and sets the rate-limit fields; the 429 to answer when refused, else null. */
  private Problem decide(RoutingContext ctx, String tier, List<Bandwidth> bandwidths,
      Decision d) {
    meters.rateLimited(tier, d.allowed());
    Policies p = policies.computeIfAbsent(tier, t -> Policies.of(t, bandwidths));
    String state = state(p, d);
    HttpServerResponse response = ctx.response();
    response.putHeader(POLICY, p.header()).putHeader(STATE, state);
    return d.allowed() ? null : refusal(tier, bandwidths, d, p, state);
  }

  /** The policy that credential checks from one address are charged to. */
  static final String KEY_CHECKS = "key-checks";

  /** The 429 of a credential check refused by {@link #KEY_CHECKS}. */
  static Problem keyCheckRefusal(List<Bandwidth> bandwidths, Decision d) {
    Policies p = Policies.of(KEY_CHECKS, bandwidths);
    Bandwidth binding = bandwidths.get(d.binding());
    return refusal("Too many API keys or tokens to check from this address: " + binding.rate()
        + " per " + binding.period().toSeconds() + " s (keys checked before are not affected)",
        d, p, state(p, d));
  }

  /** The 429 for a refused decision {@code d} of {@code tier}, with its rate-limit fields. */
  static Problem refusal(String tier, List<Bandwidth> bandwidths, Decision d) {
    Policies p = Policies.of(tier, bandwidths);
    return refusal(tier, bandwidths, d, p, state(p, d));
  }

  private static Problem refusal(String tier, List<Bandwidth> bandwidths, Decision d,
      Policies p, String state) {
    Bandwidth binding = bandwidths.get(d.binding());
    return refusal("Rate limit of tier " + tier + " exceeded: " + binding.rate()
        + " requests per " + binding.period().toSeconds() + " s", d, p, state);
  }

  /** A 429 saying {@code detail}, with {@code Retry-After} and the rate-limit fields. */
  private static Problem refusal(String detail, Decision d, Policies p, String state) {
    return Problem.tooManyRequests(detail)
        .withRetryAfter(Duration.ofNanos(d.retryAfterMicros() * 1000))
        .withHeader("RateLimit-Policy", p.header().toString()).withHeader("RateLimit", state);
  }

  /**
   * {@code "free";r=19;t=2}. The remaining count is at most the quota: leases granted by
   * overlapping Redis calls whose answers arrive out of order can add up to more for a moment.
   */
  private static String state(Policies p, Decision d) {
    return "\"" + p.names()[d.binding()] + "\";r="
        + Math.min(d.remaining(), p.quotas()[d.binding()]) + ";t=" + seconds(d.resetMicros());
  }

  /**
   * The policy names of a tier's bandwidths, their quotas (bursts) and its
   * {@code RateLimit-Policy} value.
   */
  private record Policies(String[] names, long[] quotas, CharSequence header) {
    static Policies of(String tier, List<Bandwidth> bandwidths) {
      String[] names = policyNames(tier, bandwidths.size());
      long[] quotas = bandwidths.stream().mapToLong(Bandwidth::burst).toArray();
      return new Policies(names, quotas, HttpHeaders.createOptimized(policy(names,
          bandwidths)));
    }
  }

  /** The policy of each bandwidth: the tier's name, suffixed by its index when there are more. */
  private static String[] policyNames(String tier, int count) {
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = count == 1 ? tier : tier + "-" + i;
    }
    return names;
  }

  /** {@code "free";q=20;w=2}: quota = burst, window = time to refill it. */
  private static String policy(String[] names, List<Bandwidth> bandwidths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      Bandwidth b = bandwidths.get(i);
      sb.append(i == 0 ? "" : ", ").append('"').append(names[i]).append("\";q=")
          .append(b.burst()).append(";w=").append(b.windowSeconds());
    }
    return sb.toString();
  }

  private static long seconds(long micros) {
    return (micros + 999_999) / 1_000_000;
  }
}
