package dev.brisk.http;

import dev.brisk.internal.RequestScope;
import io.netty.handler.codec.http2.Http2Error;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * What becomes of an HTTP/2 request body its answer left unread (a 401 to an upload, a 413 past
 * the body limit): the client could go on sending it, every byte read and dropped, for as long as
 * it liked. Once the answer is written, the next bytes of the body reset the stream with
 * {@code NO_ERROR}, which RFC 9113 section 8.1 provides for this: the client stops sending and
 * keeps the answer, and the connection's other streams go on. HTTP/1 connections close instead
 * ({@code Http1Guard}). Runs on the request's context; stateless.
 */
final class UnreadBody {

  private UnreadBody() {
  }

  /** Stops the rest of {@code request}'s body once {@code answer} is written. */
  static void stopAfter(HttpServerRequest request, Future<Void> answer) {
    RequestScope scope = RequestScope.current();
    // A batch's sub-requests have their bodies in full.
    if (request.version() != HttpVersion.HTTP_2 || scope != null && scope.parent() != null) {
      return;
    }
    answer.onSuccess(v -> {
      if (request.isEnded()) {
        return;
      }
      // Whatever of the body arrived already may be queued, its end too: reset only for data.
      boolean[] reset = new boolean[1];
      request.handler(data -> {
        if (!reset[0]) {
          reset[0] = true;
          request.response().reset(Http2Error.NO_ERROR.code());
        }
      });
      request.resume();
    });
  }
}
