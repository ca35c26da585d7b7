package dev.brisk;

import dev.brisk.auth.Authenticator;
import dev.brisk.http.AppRouter;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance serving the app's {@link AppRouter}, closing connections that send no
 * complete request head within {@code requestHeadTimeout} or sit idle past {@code idleTimeout}.
 */
final class HttpVerticle extends VerticleBase {

  private final BriskApp app;
  private final BriskContext context;
  private final BriskOptions options;
  private final Authenticator authenticator;
  private AppRouter appRouter;
  private HttpServer server;
  private HeadTimeouts heads;
  private long headSweep = -1;

  HttpVerticle(BriskApp app, BriskContext context, BriskOptions options,
      Authenticator authenticator) {
    this.app = app;
    this.context = context;
    this.options = options;
    this.authenticator = authenticator;
  }

  @Override
  public Future<?> start() {
    appRouter = AppRouter.create(vertx, options.http(), context.health(), context.registry(),
        authenticator, routes -> app.routes(routes, context));
    long idleMillis = options.http().idleTimeout().toMillis();
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(options.host())
        .setPort(listenPort(options.port()))
        .setCompressionSupported(true)
        // Request bodies are not inflated by the server: buffered routes refuse compressed
        // bodies (415), and streamed uploads inflate themselves, bounding the inflation ratio.
        .setDecompressionSupported(false)
        .setHttp2ClearTextEnabled(true)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    watchRequestHeads();
    return server.requestHandler(this::handle).listen();
  }

  private void watchRequestHeads() {
    long timeout = options.http().requestHeadTimeout().toNanos();
    heads = new HeadTimeouts(timeout, System::nanoTime, Counter.builder("brisk.http.head_timeouts")
        .description("Connections closed for sending no complete request head in time")
        .register(context.registry()));
    // Checked four times per timeout (at most every second): a connection closes at most a
    // quarter of the timeout late.
    headSweep = vertx.setPeriodic(Math.max(1, Math.min(1000, timeout / 4_000_000)),
        id -> heads.sweep());
    server.connectionHandler(conn -> {
      heads.opened(conn, conn::close);
      conn.closeHandler(v -> heads.forget(conn));
    });
  }

  private void handle(HttpServerRequest request) {
    HttpConnection conn = request.connection();
    if (request.version() == HttpVersion.HTTP_2) {
      // Streams multiplex one HTTP/2 connection; its idle timeout covers it.
      heads.forget(conn);
    } else {
      heads.requestStarted(conn, conn::close,
          () -> request.response().ended() || request.response().closed());
    }
    appRouter.router().handle(request);
  }

  /**
   * Vert.x gives every server on port 0 a port of its own, but shares one random port among the
   * servers of a negative port: so port 0 becomes -1 and all instances serve one real port.
   */
  private static int listenPort(int port) {
    return port == 0 ? -1 : port;
  }

  /** The port this server listens on (the real one when configured with port 0). */
  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    if (appRouter != null) {
      appRouter.close();
    }
    if (headSweep >= 0) {
      vertx.cancelTimer(headSweep);
    }
    return server == null ? Future.succeededFuture()
        : server.shutdown(options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
