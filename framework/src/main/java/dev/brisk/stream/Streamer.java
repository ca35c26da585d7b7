package dev.brisk.stream;

import io.vertx.core.Future;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a {@link ReadStream} as a streaming HTTP response with end-to-end backpressure: the
 * source is paused while the response's write queue is full and resumed on drain, so memory stays
 * flat whatever the item count. A client that disconnects closes the source (a
 * {@link dev.brisk.db.RowCursor} cancels its query and releases its connection). A failure after
 * the first byte ends the stream with a final error record (NDJSON {@code {"error": {...}}}, SSE
 * {@code event: error}) or, for JSON arrays and protobuf, resets it so the client sees a truncated
 * body rather than a valid-looking one.
 *
 * <pre>{@code
 * StreamFormat format = StreamFormat.negotiate(Requests.headerList(ctx, "Accept"), enc);
 * streamer.send(ctx, format, db.cursor(sql, params, CursorOptions.defaults()), enc)
 *     .onFailure(ctx::fail);   // only failures before the first byte arrive here
 * }</pre>
 *
 * <p>Thread-safe; {@link #send} must be called on the request's event-loop context, where the
 * source's handlers must also run. It never blocks.
 */
public interface Streamer {

  /** A streamer with these options: {@code Streamer.create(context.streamOptions())}. */
  static Streamer create(StreamOptions options) {
    return new DefaultStreamer(options);
  }

  /**
   * Streams {@code source}, once it opens, to the response in {@code format}. The response head
   * is written with the first bytes, so until then the request deadline still applies;
   * afterwards the stream is exempt from it. An SSE stream (a GET) whose source is still opening
   * writes its head, {@code retry:} and heartbeats at once, so that a slow open (a stream
   * connection to wait for, a lock) keeps the client and proxies reading; the deadline then
   * bounds the opening alone, ending the stream with a 504 {@code event: error} when it passes.
   * Pass an open source as {@code Future.succeededFuture(source)}.
   *
   * @return completes when the response is finished or abandoned; fails only when nothing was
   *     written yet (the source failed to open, or failed first), so the caller can answer with
   *     a problem
   */
  <T> Future<StreamResult> send(RoutingContext ctx, StreamFormat format,
      Future<? extends ReadStream<T>> source, StreamEncoder<T> encoder);
}
