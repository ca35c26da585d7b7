package dev.brisk.http;

import dev.brisk.internal.RequestScope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The outer response of a batch. Holds what the batch writes up to
 * {@link BatchEndpointOptions#maxBufferedBytes()}: a batch that ends within it is sent in one
 * piece, so its head (with {@code Content-Length} and a {@code Server-Timing} counting every
 * sub-request) leaves last. Past the bound, or when the batch's deadline passes first (its
 * sub-requests then answer 504 in place), it sends the head and what it holds, streams the rest
 * chunked (compressed piece by piece as the client accepts) and sends the final
 * {@code Server-Timing} as a trailer. Runs on the batch request's context.
 */
final class BatchOutput {

  private static final CharSequence SERVER_TIMING = HttpHeaders.createOptimized("Server-Timing");
  private static final CharSequence TRAILER = HttpHeaders.createOptimized("Trailer");

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final String contentType;
  private final HttpConnection connection;
  private final RequestScope scope;
  private final long maxBufferedBytes;
  // Null once streaming.
  private Buffer held = Buffer.buffer();
  /** The coding of a streamed batch; null while it holds its output. */
  private BodyEncoder coder;

  BatchOutput(HttpServerRequest request, RequestScope scope, String contentType,
      long maxBufferedBytes) {
    this.request = request;
    this.response = request.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    this.contentType = contentType;
    // Accept chooses the batch's own format (JSON or NDJSON).
    Vary.add(response.headers(), "Accept");
    this.connection = request.connection();
    this.scope = scope;
    this.maxBufferedBytes = maxBufferedBytes;
    scope.onExpire(this::stream);
  }

  /** Holds {@code chunk}, or sends it once streaming. */
  void write(Buffer chunk) {
    if (held == null) {
      if (isOpen()) {
        UnsentOutput.write(response, connection, coder.encode(chunk));
      } else {
        coder.discard();
      }
      return;
    }
    held.appendBuffer(chunk);
    if (held.length() > maxBufferedBytes) {
      stream();
    }
  }

  /**
   * Ends the response with {@code last}: in one piece (compressed whole, as a reply), or with the
   * trailer when streaming.
   */
  void end(Buffer last) {
    if (!isOpen()) {
      if (coder != null) {
        coder.discard();
      }
      return;
    }
    if (held != null) {
      ReplyWriter.send(request, contentType, held.appendBuffer(last));
      return;
    }
    response.putTrailer(SERVER_TIMING, scope.serverTiming());
    UnsentOutput.end(response, connection, coder.finish(last));
  }

  /** Sends the head and what is held; every later write goes out at once. */
  private void stream() {
    if (held == null || !isOpen()) {
      return;
    }
    response.setChunked(true);
    response.putHeader(TRAILER, SERVER_TIMING);
    coder = Compression.encoder(request, contentType);
    UnsentOutput.write(response, connection, coder.encode(held));
    held = null;
  }

  private boolean isOpen() {
    return !response.ended() && !response.closed();
  }
}
