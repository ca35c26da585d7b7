package dev.brisk.http;

import io.vertx.core.buffer.Buffer;

/**
 * The content coding of one response body written in pieces (a stream, a batch): each piece
 * comes out coded and flushed, so what the server wrote decodes on the client before the body
 * ends. {@link Compression#encoder} chooses it and sets the response's {@code Content-Encoding}
 * and {@code Vary}.
 *
 * <p>{@code BodyEncoder coder = Compression.encoder(ctx.request(), "application/x-ndjson");}
 * then {@code response.write(coder.encode(rows))} and {@code response.end(coder.finish(last))},
 * or {@code coder.discard()} when the body is abandoned.
 *
 * <p>Not thread-safe: used on the response's context.
 */
public interface BodyEncoder {

  /** The coded bytes of {@code piece}, flushed so that they decode on arrival. */
  Buffer encode(Buffer piece);

  /** The coded bytes of {@code last} and the end of the coding; the encoder is then released. */
  Buffer finish(Buffer last);

  /** Releases the encoder of a body that will not be finished (reset, cut off, closed). */
  void discard();
}
