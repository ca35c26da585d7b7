/**
 * Streaming responses with end-to-end backpressure: {@link dev.brisk.stream.Streamer} writes any
 * {@link io.vertx.core.streams.ReadStream} (typically a {@link dev.brisk.db.RowCursor}) as NDJSON,
 * a streamed JSON array, Server-Sent Events or length-delimited protobuf, chosen with
 * {@link dev.brisk.stream.StreamFormat#negotiate}; the source pauses while the client is slow and
 * is closed when the client goes away; {@link dev.brisk.stream.ChunkedStream} maps a source a chunk
 * at a time (an export's embeds, one lookup per fetched chunk). See {@code docs/streaming.md}.
 */
package dev.brisk.stream;
