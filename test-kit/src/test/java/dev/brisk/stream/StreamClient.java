package dev.brisk.stream;

import dev.brisk.RunningBrisk;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.function.Function;

/** A raw Vert.x HTTP client on the test app, so tests can pause, read chunks and disconnect. */
final class StreamClient {

  private static HttpClient client;

  private StreamClient() {
  }

  static synchronized HttpClient client() {
    if (client == null) {
      RunningBrisk app = StreamTestApp.app();
      client = app.context().vertx().createHttpClient(new HttpClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    }
    return client;
  }

  /**
   * Sends a GET and completes with the response head, paused so no chunk is lost before the test
   * sets its handlers: call {@code resume()} after.
   */
  static Future<HttpClientResponse> open(String uri, String... headers) {
    return send(uri, headers, resp -> Future.succeededFuture(resp.pause()));
  }

  /**
   * Sends a GET and applies {@code then} to the response inside the send callback: a handler set
   * any later may miss chunks that arrived with the head.
   */
  private static <T> Future<T> send(String uri, String[] headers,
      Function<HttpClientResponse, Future<T>> then) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return TestBrisk.onEventLoop(StreamTestApp.app().context().vertx(),
        () -> client().request(options).compose(req -> req.send().compose(then)));
  }

  /**
   * A whole response: status, content type, the head's and the trailer's {@code Server-Timing}
   * and the body.
   */
  record Full(int status, String contentType, String serverTiming, String finalServerTiming,
      Buffer body) {
    String text() {
      return body.toString();
    }
  }

  static Full get(String uri, String... headers) {
    return TestBrisk.await(send(uri, headers, resp -> resp.body().map(body -> new Full(
        resp.statusCode(), resp.getHeader("Content-Type"), resp.getHeader("Server-Timing"),
        resp.trailers().get("Server-Timing"), body))));
  }
}
