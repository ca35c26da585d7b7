package dev.brisk.internal;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Whether a streamed response may end with trailers. HTTP/1.1's chunked encoding carries them
 * after the last (compressed) chunk. Over HTTP/2, in Vert.x 5.0.7 and Netty 4.2, only when the
 * request accepts no content coding: Netty's compressor ({@code CompressorHttp2ConnectionEncoder})
 * flushes its last compressed block only with a DATA frame that ends the stream, so trailers cut
 * a gzip or brotli body short; and Vert.x's encoder adds the request's negotiated
 * {@code content-encoding} to the trailers themselves, compressed body or not. Not API.
 */
public final class Trailers {

  private Trailers() {
  }

  /** Whether the response to {@code request} can end with trailers. */
  public static boolean fit(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2) {
      return true;
    }
    String accepted = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
    return accepted == null || accepted.isBlank();
  }
}
