package dev.brisk.stream;

import dev.brisk.db.RowCursor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;

/**
 * A {@link RowCursor} that records what the streamer does with it: whether it is paused, and how
 * many rows it delivered (in total and while paused). Lets a test wait for the pause itself
 * instead of for a count that stops moving. Used on the cursor's context.
 */
final class CursorProbe implements RowCursor {

  private final RowCursor cursor;
  private final Context context = Vertx.currentContext();
  private volatile boolean paused;
  private long delivered;
  private volatile long deliveredWhilePaused;

  CursorProbe(RowCursor cursor) {
    this.cursor = cursor;
  }

  /** What the stream looked like at one moment, read on the cursor's context. */
  record Snapshot(boolean paused, long delivered, long fetched, long deliveredWhilePaused) {
  }

  boolean isPaused() {
    return paused;
  }

  Future<Snapshot> snapshot() {
    Promise<Snapshot> promise = Promise.promise();
    context.runOnContext(v -> promise.complete(new Snapshot(paused, delivered, cursor.fetched(),
        deliveredWhilePaused)));
    return promise.future();
  }

  @Override
  public RowCursor handler(Handler<Row> handler) {
    cursor.handler(handler == null ? null : row -> {
      delivered++;
      if (paused) {
        deliveredWhilePaused++;
      }
      handler.handle(row);
    });
    return this;
  }

  @Override
  public RowCursor pause() {
    paused = true;
    cursor.pause();
    return this;
  }

  @Override
  public RowCursor resume() {
    paused = false;
    cursor.resume();
    return this;
  }

  @Override
  public RowCursor fetch(long amount) {
    paused = false;
    cursor.fetch(amount);
    return this;
  }

  @Override
  public RowCursor exceptionHandler(Handler<Throwable> handler) {
    cursor.exceptionHandler(handler);
    return this;
  }

  @Override
  public RowCursor endHandler(Handler<Void> endHandler) {
    cursor.endHandler(endHandler);
    return this;
  }

  @Override
  public Future<Void> close() {
    return cursor.close();
  }

  @Override
  public long fetched() {
    return cursor.fetched();
  }
}
