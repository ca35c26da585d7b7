package dev.brisk.http;

import dev.brisk.auth.Caller;
import dev.brisk.auth.Tier;
import dev.brisk.auth.Tiers;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts open streams in atomics: one for the instance, one per caller holding any. */
final class DefaultStreamLimiter implements StreamLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(StreamLimiter.class);

  private final String name;
  private final StreamLimits limits;
  private final Tier exempt;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perCaller = new ConcurrentHashMap<>();
  private final Counter refusedInstance;
  private final Counter refusedCaller;

  DefaultStreamLimiter(String name, StreamLimits limits, Tiers tiers, MeterRegistry registry) {
    this.name = name;
    this.limits = limits;
    this.exempt = limits.exemptTier() == null ? null : tiers.named(limits.exemptTier());
    Gauge.builder("brisk.stream.open", open, AtomicInteger::get).tag("limiter", name)
        .description("Streaming requests holding a slot").strongReference(true)
        .register(registry);
    this.refusedInstance = refused(registry, "instance");
    this.refusedCaller = refused(registry, "caller");
  }

  private Counter refused(MeterRegistry registry, String reason) {
    return Counter.builder("brisk.stream.refused").tag("limiter", name).tag("reason", reason)
        .description("Streaming requests refused before they took a slot")
        .register(registry);
  }

  @Override
  public void admit(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    if (open.incrementAndGet() > limits.maxOpen()) {
      open.decrementAndGet();
      refusedInstance.increment();
      LOG.debug("Refused {} for {}: all {} slots of this instance are taken", name, caller,
          limits.maxOpen());
      throw Problem.unavailable("This instance already serves " + limits.maxOpen() + " "
          + name + "; retry shortly").withRetryAfter(limits.retryAfter());
    }
    String scope = exempt != null && caller.isAtLeast(exempt) ? null : caller.scope();
    if (scope != null && !takeCallerSlot(scope)) {
      open.decrementAndGet();
      refusedCaller.increment();
      throw Problem.tooManyRequests("At most " + limits.maxPerCaller() + " " + name
          + " may be open at once per caller").withRetryAfter(limits.retryAfter());
    }
    AtomicBoolean released = new AtomicBoolean();
    ctx.addEndHandler(ar -> {
      if (released.compareAndSet(false, true)) {
        release(scope);
      }
    });
  }

  private boolean takeCallerSlot(String scope) {
    boolean[] taken = {false};
    perCaller.compute(scope, (k, n) -> {
      int count = n == null ? 0 : n;
      if (count >= limits.maxPerCaller()) {
        return n;
      }
      taken[0] = true;
      return count + 1;
    });
    return taken[0];
  }

  private void release(String scope) {
    open.decrementAndGet();
    if (scope != null) {
      perCaller.computeIfPresent(scope, (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  @Override
  public int open() {
    return open.get();
  }

  @Override
  public StreamLimits limits() {
    return limits;
  }
}
