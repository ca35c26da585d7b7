package dev.brisk.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.function.Function;

/**
 * PostgreSQL access for Brisk apps.
 *
 * <p>{@link #query} runs on a pipelined pooled client: independent reads issued together share
 * connections and pipeline. {@link #inTransaction} takes a dedicated pooled connection, cancels the
 * running statement when the request deadline passes and commits only when the work succeeds.
 *
 * <p>{@code Db db = Db.create(vertx, DbOptions.fromUrl(url));}
 *
 * <p>Thread-safe; create one per app and share it across verticles.
 */
public interface Db extends Sql {

  /** Creates the pools; connections open lazily. */
  static Db create(Vertx vertx, DbOptions options) {
    return new DefaultDb(vertx, options);
  }

  /**
   * Runs {@code work} in one transaction on one connection: committed when the returned future
   * succeeds, rolled back when it fails (the original failure is kept).
   */
  <T> Future<T> inTransaction(Function<Sql, Future<T>> work);

  /** The non-pipelined pool, for cursors and APIs that need a connection. */
  Pool pool();

  /** The options in effect. */
  DbOptions options();

  /** Closes both pools. */
  Future<Void> close();
}
