package dev.brisk.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * PostgreSQL access for Brisk apps. Which path each call takes:
 *
 * <ul>
 *   <li>{@link #query} and {@link #batch}: the pipelined pooled client. Independent statements
 *       issued together share connections and pipeline (many in flight per connection). Plain
 *       reads go round-robin to the read replicas in rotation when {@link DbOptions#replicaUrls()}
 *       is set; writes, locking reads and every read after a write in the same request go to the
 *       primary, and so do the caller's reads in later requests until a replica has replayed the
 *       write ({@link ReplicaOptions#readYourWrites()}).
 *   <li>{@link #inTransaction}: a dedicated pooled connection on the primary; the running
 *       statement is cancelled when the request deadline passes.
 *   <li>{@link #cursor}: a connection of the separate stream pool
 *       ({@link DbOptions#streamPoolSize()}) on the primary, holding a read transaction and a
 *       server-side cursor for streaming; stalled streams never take the connections
 *       transactions need.
 *   <li>{@link #primary()}: the pipelined client of the primary, for reads that must see the
 *       latest writes.
 * </ul>
 *
 * <p>The pools' wait queues are bounded ({@link DbOptions#maxWaitQueue()}): overflow fails fast
 * with a 503 problem carrying {@code Retry-After}. {@link #pressure()} exposes the queue depth.
 *
 * <p>{@code Db db = Db.create(vertx, DbOptions.fromUrl(url));}
 *
 * <p>Thread-safe; create one per app and share it across verticles. Call from a Vert.x context;
 * completions run on the caller's context.
 */
public interface Db extends Sql {

  /**
   * Creates the pools (connections open lazily) and starts polling the replicas' health; marks
   * for read-your-writes across requests stay in this instance.
   */
  static Db create(Vertx vertx, DbOptions options) {
    return new DefaultDb(vertx, options, null, System::nanoTime);
  }

  /**
   * Like {@link #create(Vertx, DbOptions)}, with read-your-writes marks shared through
   * {@code redis} so a caller's next request on another instance sees its write too (see
   * docs/database.md#read-replicas). While Redis is down, marks stay in each instance.
   */
  static Db create(Vertx vertx, DbOptions options, Redis redis) {
    return new DefaultDb(vertx, options, Objects.requireNonNull(redis, "redis"),
        System::nanoTime);
  }

  /**
   * Runs {@code work} in one transaction on one primary connection: committed when the returned
   * future succeeds, rolled back when it fails (the original failure is kept). Later plain reads
   * of the same request go to the primary.
   */
  <T> Future<T> inTransaction(Function<Sql, Future<T>> work);

  /**
   * Opens a server-side cursor over {@code sql} on a connection of the stream pool, in a read
   * transaction whose {@code statement_timeout} is {@link CursorOptions#statementTimeout()} and
   * whose {@code idle_in_transaction_session_timeout} is
   * {@link CursorOptions#idleInTransactionTimeout()}. Until the cursor
   * ends or is closed it holds a pooled connection; when the request deadline passes first, the
   * running fetch is cancelled and the cursor closed.
   *
   * <p>{@code db.cursor("SELECT id, name FROM products ORDER BY id", Tuple.tuple(),
   * CursorOptions.defaults())}
   *
   * @return the cursor, paused until a handler is set; fails with a 503 problem when the pool's
   *     wait queue is full and with a 504 problem when the deadline already passed
   */
  Future<RowCursor> cursor(String sql, Tuple params, CursorOptions options);

  /** Statements on the primary's pipelined client: reads that must see the latest writes. */
  Sql primary();

  /**
   * Each read replica as its health poller last saw it (empty without replicas); cheap, any
   * thread.
   */
  List<ReplicaStatus> replicas();

  /** How loaded the pools are right now; cheap, callable from any thread. */
  DbPressure pressure();

  /** The primary's non-pipelined pool, for APIs that need a connection of their own. */
  Pool pool();

  /**
   * {@code SELECT 1} on the primary over a connection kept for it (the readiness check): it never
   * waits behind the app's statements, such as reads pipelined after one blocked on a lock, nor
   * for a pooled connection held by a transaction that waits for one. Any thread.
   */
  Future<Void> ping();

  /** The options in effect. */
  DbOptions options();

  /** Closes every pool and removes this instance's gauges. */
  Future<Void> close();
}
