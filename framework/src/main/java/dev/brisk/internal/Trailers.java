package dev.brisk.internal;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Whether a streamed response may end with trailers. Over HTTP/2, Netty's compressor
 * ({@code CompressorHttp2ConnectionEncoder}) flushes its last compressed block only with a DATA
 * frame that ends the stream; trailers end it instead and the client gets a body cut short (a
 * gzip or brotli stream without its end), so a compressed HTTP/2 response ends without them.
 * HTTP/1.1's chunked encoding carries them after the last compressed chunk. Not API.
 */
public final class Trailers {

  private Trailers() {
  }

  /** Whether {@code response}, whose head was written, can end with trailers. */
  public static boolean fit(HttpServerRequest request, HttpServerResponse response) {
    if (request.version() != HttpVersion.HTTP_2) {
      return true;
    }
    String coding = response.headers().get(HttpHeaders.CONTENT_ENCODING);
    return coding == null || coding.equalsIgnoreCase("identity");
  }
}
