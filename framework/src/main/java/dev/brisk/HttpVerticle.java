package dev.brisk;

import dev.brisk.auth.Authenticator;
import dev.brisk.http.AppRouter;
import dev.brisk.throttle.Throttle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/** One HTTP server instance serving the app's {@link AppRouter}. */
final class HttpVerticle extends VerticleBase {

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
        .setDecompressionSupported(true)
        .setHttp2ClearTextEnabled(true));
    return server.requestHandler(appRouter.router()).listen();
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
    return server == null ? Future.succeededFuture()
        : server.shutdown(options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
