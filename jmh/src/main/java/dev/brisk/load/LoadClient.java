package dev.brisk.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;

/**
 * The measured HTTP client: Vert.x HttpClient, HTTP/1.1 keep-alive, a fixed pool of connections to
 * one target, an unbounded wait queue (a request that waits for a connection is still timed from
 * its intended send time). All requests and callbacks run on one event-loop context.
 */
final class LoadClient implements AutoCloseable {

  private static final int KEEP_ALIVE_SECONDS = 15;

  private final Vertx vertx;
  private final Context context;
  private final HttpClientAgent client;
  private final long timeoutMillis;

  private LoadClient(Vertx vertx, URI target, int connections, Duration timeout) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    HttpClientOptions options = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true).setPipelining(false)
        .setDefaultHost(target.getHost()).setDefaultPort(target.getPort())
        .setTcpNoDelay(true).setDecompressionSupported(false)
        // Shorter than the server's request-head timeout (30 s, which also ends a connection
        // idle between requests), so the client never sends on a connection the server is
        // closing (a race that reads as a transport failure).
        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1);
    this.client = vertx.createHttpClient(options, pool);
    this.timeoutMillis = timeout.toMillis();
  }

  /**
   * A client with its own single-event-loop Vert.x; call from the main thread.
   * {@code LoadClient.create(URI.create("http://127.0.0.1:8080"), 64, Duration.ofSeconds(10))}
   */
  static LoadClient create(URI target, int connections, Duration timeout) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be >= 1, was " + connections);
    }
    Vertx vertx = Vertx.builder()
        .with(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1)).build();
    return new LoadClient(vertx, target, connections, timeout);
  }

  /** The event-loop context every request must be sent from. */
  Context context() {
    return context;
  }

  /**
   * Sends one request and reads its body to the end without buffering it; completes with the
   * status. Call on {@link #context()}.
   */
  Future<Integer> send(RequestSpec spec) {
    RequestOptions options = new RequestOptions().setMethod(spec.method()).setURI(spec.uri())
        .setHeaders(spec.headers()).setIdleTimeout(timeoutMillis);
    return client.request(options)
        .compose(req -> spec.body() == null ? req.send() : req.send(spec.body()))
        .compose(resp -> {
          resp.handler(chunk -> { });
          return resp.end().map(v -> resp.statusCode());
        });
  }

  /** Closes the client and its Vert.x; blocks the calling (main) thread until closed. */
  @Override
  public void close() {
    client.close().transform(ar -> vertx.close()).await();
  }
}
