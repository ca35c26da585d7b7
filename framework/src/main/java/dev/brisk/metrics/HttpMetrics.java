package dev.brisk.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code brisk.http.server.requests}: one timer per method, route template and status code,
 * with SLO buckets for p50/p95/p99 in Prometheus. Meters are looked up in a local map, so
 * recording costs a map read and a histogram update per request. Requests for no declared route
 * are tagged {@code route="unmatched"}, so raw paths never become tag values.
 *
 * <p>{@code metrics.record("GET", "/api/products/:id", 200, nanos)}
 *
 * <p>Thread-safe; called from event loops.
 */
public final class HttpMetrics {

  /** The route label of a request no declared route matched. */
  public static final String UNMATCHED = "unmatched";
  /**
   * The status label of a request whose client closed the connection before anything was
   * answered (nginx's "client closed request"): nothing was sent, and it is not the server's
   * error.
   */
  public static final int CLIENT_CLOSED = 499;

  private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH",
      "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private final MeterRegistry registry;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  private HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public static HttpMetrics create(MeterRegistry registry) {
    return new HttpMetrics(registry);
  }

  /**
   * Records one finished request; {@code route} is the matched template or null. Methods other
   * than the standard nine are labelled {@code OTHER}, so made-up methods add no series.
   */
  public void record(String method, String route, int status, long nanos) {
    Key key = new Key(KNOWN_METHODS.contains(method) ? method : "OTHER",
        route == null ? UNMATCHED : route, status);
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = timers.computeIfAbsent(key, this::register);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer register(Key key) {
    return Timer.builder("brisk.http.server.requests")
        .description("HTTP requests by method, route template and status code")
        .tag("method", key.method())
        .tag("route", key.route())
        .tag("status", Integer.toString(key.status()))
        .serviceLevelObjectives(BriskMetrics.SLO_BUCKETS)
        .register(registry);
  }

  private record Key(String method, String route, int status) {
  }
}
