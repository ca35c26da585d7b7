package dev.brisk;

import dev.brisk.auth.Authenticator;
import dev.brisk.http.AppRouter;
import dev.brisk.http.Compression;
import dev.brisk.throttle.Throttle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One HTTP server instance serving the app's {@link AppRouter}. */
final class HttpVerticle extends VerticleBase {

  /** How long the answers written when the drain timeout passes get before connections close. */
  static final Duration FINAL_WRITES = Duration.ofSeconds(1);

  private final BriskApp app;
  private final BriskContext context;
  private final BriskOptions options;
  private final Authenticator authenticator;
  private final Throttle throttle;
  private AppRouter appRouter;
  private HttpServer server;

  HttpVerticle(BriskApp app, BriskContext context, BriskOptions options,
      Authenticator authenticator, Throttle throttle) {
    this.app = app;
    this.context = context;
    this.options = options;
    this.authenticator = authenticator;
    this.throttle = throttle;
  }

  @Override
  public Future<?> start() {
    appRouter = AppRouter.create(vertx, options.http(), context.health(), context.registry(),
        authenticator, throttle, routes -> app.routes(routes, context));
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(options.host())
        .setPort(listenPort(options.port()))
        .setCompressionSupported(true)
        .setCompressors(Compression.compressors())
        .setDecompressionSupported(true)
        .setHttp2ClearTextEnabled(true));
    return server.requestHandler(appRouter.router())
        .invalidRequestHandler(appRouter.codecRejections())
        .listen();
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

  /**
   * Stops accepting and drains: requests still running after the drain timeout are ended (503,
   * or a stream's error frame), which gets {@link #FINAL_WRITES} to reach the client before the
   * server closes what is left. Deadlines keep firing until then.
   */
  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    appRouter.drain(options.drainTimeout());
    return server.shutdown(options.drainTimeout().plus(FINAL_WRITES).toMillis(),
        TimeUnit.MILLISECONDS).andThen(ar -> appRouter.close());
  }
}
