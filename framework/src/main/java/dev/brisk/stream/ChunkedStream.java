package dev.brisk.stream;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The items of a source mapped a chunk at a time by an asynchronous function: it asks the source
 * for {@code chunkSize} items, maps them (fewer at the end) with one call, emits the results in
 * order as the consumer asks for them, and only then asks the source for the next chunk. So a
 * lookup per chunk (the embeds of a batch of cursor rows) costs one call, never one per item, and
 * at most one chunk is held besides what the source buffers.
 *
 * <pre>{@code
 * ReadStream<JsonObject> json = ChunkedStream.map(cursor, 500, rows -> reader.renderChunk(rows,
 *     mask));
 * }</pre>
 *
 * <p>A failed mapping closes the source and ends the stream with that failure. Not thread-safe:
 * use it on the source's context, where the function is called and the handlers run.
 */
public interface ChunkedStream<T> extends ReadStream<T> {

  /**
   * A stream of {@code fn}'s results over chunks of {@code source}; {@code fn} must return one
   * result per item, in order.
   */
  static <A, T> ChunkedStream<T> map(ReadStream<A> source, int chunkSize,
      Function<List<A>, Future<List<T>>> fn) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be >= 1, was " + chunkSize);
    }
    return new ChunkStage<>(Objects.requireNonNull(source, "source"), chunkSize,
        Objects.requireNonNull(fn, "fn"));
  }

  /**
   * Stops the stream and closes its source (a {@link dev.brisk.db.RowCursor} cancels its query);
   * no handler is called afterwards. Idempotent.
   */
  Future<Void> close();

  @Override
  ChunkedStream<T> exceptionHandler(Handler<Throwable> handler);

  @Override
  ChunkedStream<T> handler(Handler<T> handler);

  @Override
  ChunkedStream<T> pause();

  @Override
  ChunkedStream<T> resume();

  @Override
  ChunkedStream<T> fetch(long amount);

  @Override
  ChunkedStream<T> endHandler(Handler<Void> endHandler);
}
