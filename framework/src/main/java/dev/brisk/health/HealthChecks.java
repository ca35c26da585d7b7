package dev.brisk.health;

import dev.brisk.internal.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named readiness checks (database, Redis, anything an app adds), each bounded by a timeout. A
 * failing required check makes the service not ready ({@code DOWN}); a failing optional one only
 * degrades it ({@code DEGRADED}, still ready), so a store no request needs never takes the
 * instance out of its load balancer. A feature that starts needing a store marks its check
 * required with {@link #require}.
 *
 * <p>{@code health.register("postgres", true, () -> db.query("SELECT 1").mapEmpty());}
 *
 * <p>A check that starts failing is logged once (WARN), and again when it passes (INFO).
 *
 * <p>Thread-safe; checks run on the caller's context and must not block.
 */
public final class HealthChecks {

  private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

  private final Duration timeout;
  private final Map<String, Check> checks = new ConcurrentHashMap<>();
  /** The checks running now, which calls arriving meanwhile share; null between runs. */
  private final AtomicReference<Future<Map<String, JsonObject>>> running =
      new AtomicReference<>();
  /** Checks whose last run failed, so that only a change is logged. */
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;

  private HealthChecks(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Checks that each time out after {@code timeout} ({@code --health-check-timeout}); keep it
   * under the readiness probe's own timeout, so a hung store is reported rather than the probe
   * timing out.
   *
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public static HealthChecks create(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("health-check-timeout must be positive, was " + timeout);
    }
    return new HealthChecks(timeout);
  }

  /** Adds a check; a failing required check makes the service not ready. */
  public HealthChecks register(String name, boolean required, Supplier<Future<Void>> probe) {
    checks.put(name, new Check(required, probe));
    return this;
  }

  /**
   * Marks the check {@code name} required: a feature that cannot serve without that store calls
   * this while it starts ({@code context.health().require("redis")}).
   *
   * @throws IllegalArgumentException when no check has that name
   */
  public HealthChecks require(String name) {
    Check check = checks.get(name);
    if (check == null) {
      throw new IllegalArgumentException("No health check named '" + name + "'; known: "
          + checks.keySet());
    }
    checks.put(name, new Check(true, check.probe));
    return this;
  }

  /** Whether the check {@code name} is registered and required. */
  public boolean isRequired(String name) {
    Check check = checks.get(name);
    return check != null && check.required;
  }

  /** Marks the service as draining: readiness fails from now on. */
  public void markShuttingDown() {
    shuttingDown = true;
  }

  /**
   * Runs every check; the report's {@code status} is {@code DOWN} if a required one fails or the
   * service is draining, {@code DEGRADED} if only optional ones fail, else {@code UP}. A call
   * made while the checks run shares their results (readiness is never rate limited nor shed,
   * so a flood of probes must not take a store connection each); the next call runs them again.
   * The report completes on the caller's context.
   */
  public Future<Report> check() {
    Future<Map<String, JsonObject>> shared = running.get();
    if (shared == null) {
      Promise<Map<String, JsonObject>> mine = Promise.promise();
      shared = running.compareAndExchange(null, mine.future());
      if (shared == null) {
        shared = mine.future();
        runAll().onComplete(ar -> {
          running.set(null);
          mine.handle(ar);
        });
      }
    }
    return CallerContext.of(shared).map(this::report);
  }

  /** Every check's result by name; never fails. */
  private Future<Map<String, JsonObject>> runAll() {
    List<String> names = new ArrayList<>(checks.keySet());
    List<Future<JsonObject>> results = new ArrayList<>();
    for (String name : names) {
      results.add(run(checks.get(name)));
    }
    return Future.join(results).transform(x -> {
      Map<String, JsonObject> each = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        each.put(names.get(i), results.get(i).result());
      }
      logChanges(each);
      return Future.succeededFuture(each);
    });
  }

  /**
   * A frozen store otherwise shows only as 504s in the access log: nothing said that readiness
   * went DOWN, nor when it came back.
   */
  private void logChanges(Map<String, JsonObject> results) {
    results.forEach((name, r) -> {
      boolean passed = "UP".equals(r.getString("status"));
      if (!passed && failing.add(name)) {
        LOG.warn("Readiness check '{}' fails ({}): {}", name, r.getBoolean("required")
            ? "required: the instance is not ready" : "optional: degraded", r.getString("error"));
      } else if (passed && failing.remove(name)) {
        LOG.info("Readiness check '{}' passes again", name);
      }
    });
  }

  private Report report(Map<String, JsonObject> results) {
    JsonObject body = new JsonObject();
    boolean up = !shuttingDown;
    boolean degraded = false;
    JsonObject each = new JsonObject();
    for (Map.Entry<String, JsonObject> result : results.entrySet()) {
      JsonObject r = result.getValue().copy();
      each.put(result.getKey(), r);
      boolean passed = "UP".equals(r.getString("status"));
      if (r.getBoolean("required")) {
        up &= passed;
      } else {
        degraded |= !passed;
      }
    }
    body.put("status", !up ? "DOWN" : degraded ? "DEGRADED" : "UP").put("checks", each);
    if (shuttingDown) {
      body.put("reason", "shutting down");
    }
    return new Report(up, body);
  }

  private Future<JsonObject> run(Check check) {
    long start = System.nanoTime();
    Future<Void> probe;
    try {
      probe = check.probe.get();
    } catch (RuntimeException e) {
      probe = Future.failedFuture(e);
    }
    return probe.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> {
          JsonObject r = new JsonObject()
              .put("status", ar.succeeded() ? "UP" : "DOWN")
              .put("required", check.required)
              .put("duration_ms", (System.nanoTime() - start) / 1_000_000);
          if (ar.failed()) {
            r.put("error", String.valueOf(ar.cause().getMessage()));
          }
          return Future.succeededFuture(r);
        });
  }

  /** Whether the service is ready, and the JSON body describing each check. */
  public record Report(boolean up, JsonObject body) {
  }

  private record Check(boolean required, Supplier<Future<Void>> probe) {
  }
}
