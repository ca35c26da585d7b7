package dev.brisk;

/**
 * The line {@link Brisk#run} logs once the app listens: where, which version, and what the
 * instance runs with, so that one look at any instance's log tells its environment and stores.
 * Stores are shown by address alone, never a URL's user, password or query. Pure.
 *
 * <p>{@code Brisk listening on 0.0.0.0:8080 (version 1.2.0) env=production event-loops=4
 * pg=db:5432/shop pg-replicas=2 redis=cache:6379 cache=on concurrency-limit=on
 * rate-limiting=on}
 */
final class StartupLine {

  private StartupLine() {
  }

  /** The line for an app listening on {@code port} with {@code options}. */
  static String of(BriskOptions options, int port, String version, boolean production,
      boolean cache) {
    return "Brisk listening on " + StoreUrls.hostPort(options.host(), port)
        + " (version " + version + ")"
        + " env=" + (production ? "production" : "development")
        + " event-loops=" + options.instances()
        + " pg=" + StoreUrls.postgresAddress(options.pgUrl())
        + " pg-replicas=" + options.pgReplicaUrls().size()
        + " redis=" + StoreUrls.redisAddress(options.redisUrl())
        + " cache=" + onOff(cache)
        + " concurrency-limit=" + onOff(options.throttle().concurrency().enabled())
        + " rate-limiting=" + onOff(options.throttle().rateLimits().enabled());
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }
}
