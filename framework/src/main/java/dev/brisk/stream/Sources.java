package dev.brisk.stream;

import dev.brisk.db.RowCursor;
import io.vertx.core.Future;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.RowStream;

/** Stopping a stream's source for good: a cursor cancels its query, anything else pauses. */
final class Sources {

  private Sources() {
  }

  static Future<Void> close(ReadStream<?> source) {
    if (source instanceof RowCursor cursor) {
      return cursor.close();
    }
    if (source instanceof ChunkedStream<?> chunks) {
      return chunks.close();
    }
    if (source instanceof RowStream<?> rows) {
      return rows.close();
    }
    source.pause();
    return Future.succeededFuture();
  }
}
