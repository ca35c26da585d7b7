package dev.brisk.db;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.Row;

/**
 * Rows of one query read through a server-side cursor, {@link CursorOptions#fetchSize()} rows per
 * round trip, on a pooled connection inside a read transaction. Honours backpressure: while
 * paused no further rows are fetched from PostgreSQL.
 *
 * <p>{@code db.cursor(sql, params, CursorOptions.defaults()).compose(rows -> streamer.send(...))}
 *
 * <p>The transaction commits and the connection returns to the pool when the rows end; it rolls
 * back on failure or {@link #close()}. Handlers run on the Vert.x context that opened the cursor;
 * use it from that context only.
 */
public interface RowCursor extends ReadStream<Row> {

  /**
   * Stops the cursor: cancels a fetch that PostgreSQL is still running, closes the portal, rolls
   * back and releases the connection. No handler is called afterwards. Idempotent; the future
   * completes once the connection is back in the pool (never failed).
   */
  Future<Void> close();

  /** Rows received from PostgreSQL so far; readable from any thread (a monitoring signal). */
  long fetched();

  @Override
  RowCursor exceptionHandler(Handler<Throwable> handler);

  @Override
  RowCursor handler(Handler<Row> handler);

  @Override
  RowCursor pause();

  @Override
  RowCursor resume();

  @Override
  RowCursor fetch(long amount);

  @Override
  RowCursor endHandler(Handler<Void> endHandler);
}
