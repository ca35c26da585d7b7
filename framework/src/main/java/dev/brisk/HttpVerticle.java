package dev.brisk;

import dev.brisk.auth.Authenticator;
import dev.brisk.http.AppRouter;
import dev.brisk.openapi.OpenApi;
import dev.brisk.openapi.OpenApiOptions;
import dev.brisk.throttle.Throttle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One HTTP server instance serving the app's {@link AppRouter}, closing connections that send no
 * complete request head within {@code requestHeadTimeout} (the first one through
 * {@link FirstHeadWatch}, every later one through {@link HeadTimeouts}) or sit idle past
 * {@code idleTimeout}.
 */
final class HttpVerticle extends VerticleBase {

  /** How long the answers written when the drain timeout passes get before connections close. */
  static final Duration FINAL_WRITES = Duration.ofSeconds(1);

  private final BriskApp app;
  private final BriskContext context;
  private final BriskOptions options;
  private final Authenticator authenticator;
  private final Throttle throttle;
  private final FirstHeadWatch firstHeads;
  private AppRouter appRouter;
  private HttpServer server;
  private HeadTimeouts heads;
  private long headSweep = -1;

  HttpVerticle(BriskApp app, BriskContext context, BriskOptions options,
      Authenticator authenticator, Throttle throttle, FirstHeadWatch firstHeads) {
    this.app = app;
    this.context = context;
    this.options = options;
    this.authenticator = authenticator;
    this.throttle = throttle;
    this.firstHeads = firstHeads;
  }

  /** The count of connections closed for sending no complete request head in time. */
  static Counter headTimeouts(MeterRegistry registry) {
    return Counter.builder("brisk.http.head_timeouts")
        .description("Connections closed for sending no complete request head in time")
        .register(registry);
  }

  static Counter frameFloodCloses(MeterRegistry registry) {
    return Counter.builder("brisk.http.frame_flood_closes")
        .description("HTTP/2 connections closed for sending more WINDOW_UPDATE, PRIORITY, "
            + "SETTINGS, PING or unknown frames than their budget")
        .register(registry);
  }

  static Counter pipeliningCloses(MeterRegistry registry) {
    return Counter.builder("brisk.http.pipelining_closes")
        .description("HTTP/1 connections closed for pipelining more than "
            + Http1Guard.MAX_PIPELINED + " requests")
        .register(registry);
  }

  /**
   * {@code --openapi on|off} ({@code BRISK_OPENAPI}), {@code --api-title} and
   * {@code --api-version}; see docs/openapi.md.
   */
  static OpenApiOptions openApiOptions(BriskConfig config) {
    OpenApiOptions defaults = OpenApiOptions.defaults();
    return defaults.withEnabled(BriskOptions.onOff(config, "openapi"))
        .withTitle(config.get("api-title", defaults.title()))
        .withVersion(config.get("api-version", defaults.version()));
  }

  /**
   * {@code options} with {@code --api-title} and {@code --api-version} when given: an operator's
   * setting wins over the title or version an app's {@link BriskApp#openApi} chose.
   */
  static OpenApiOptions givenOptions(OpenApiOptions options, BriskConfig config) {
    String title = config.get("api-title");
    String version = config.get("api-version");
    OpenApiOptions given = title == null ? options : options.withTitle(title);
    return version == null ? given : given.withVersion(version);
  }

  @Override
  public Future<?> start() {
    appRouter = AppRouter.create(vertx, options.http(), context.health(), context.registry(),
        authenticator, throttle, routes -> {
          app.routes(routes, context);
          throttle.requireDeclaredCostRoutes(routes.declarations().stream()
              .map(d -> d.method().name() + " " + d.path()).collect(Collectors.toSet()));
          OpenApi.serve(routes, givenOptions(app.openApi(context), context.config())
              .withBearerTokens(authenticator.acceptsBearerTokens()));
        });
    long idleMillis = options.http().idleTimeout().toMillis();
    HttpServerOptions serverOptions = new HttpServerOptions();
    serverOptions.getInitialSettings().setMaxHeaderListSize(AppRouter.MAX_HTTP2_HEADER_LIST_SIZE);
    server = vertx.createHttpServer(serverOptions
        .setHost(options.host())
        .setPort(listenPort(options.port()))
        // No compression by the server: Brisk codes bodies itself (Compression; Vert.x 5.0.7's
        // HTTP/2 compressor sends answers labelled gzip uncompressed, eclipse-vertx/vert.x#5896).
        .setCompressionSupported(false)
        // Request bodies are not inflated by the server: buffered routes refuse compressed
        // bodies (415), and streamed uploads inflate themselves, bounding the inflation ratio.
        .setDecompressionSupported(false)
        .setHttp2ClearTextEnabled(true)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    watchRequestHeads();
    return server.requestHandler(this::handle)
        .invalidRequestHandler(appRouter.codecRejections())
        .listen()
        // Netty's reason alone ("Address already in use") says neither where nor which setting.
        .recover(e -> Future.failedFuture(new EnvironmentFailure("Cannot listen on "
            + options.host() + ":" + options.port() + " (--host, --port): " + e.getMessage(), e)))
        .onSuccess(listening -> firstHeads.watch(listening.actualPort()));
  }

  private void watchRequestHeads() {
    long timeout = options.http().requestHeadTimeout().toNanos();
    heads = new HeadTimeouts(timeout, System::nanoTime, headTimeouts(context.registry()));
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
    heads.requestStarted(conn, conn::close,
        () -> request.response().ended() || request.response().closed(),
        request.version() != HttpVersion.HTTP_2);
    appRouter.handle(request);
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
    if (headSweep >= 0) {
      vertx.cancelTimer(headSweep);
    }
    Future<Void> ended = appRouter.drain(options.drainTimeout());
    return server.shutdown(options.drainTimeout().plus(FINAL_WRITES).toMillis(),
            TimeUnit.MILLISECONDS)
        // Requests end (their end handlers give stream slots back in Redis) only after their
        // connections closed: wait for them, or the stores closed next drop what they send.
        .compose(v -> ended.timeout(FINAL_WRITES.toMillis(), TimeUnit.MILLISECONDS)
            .otherwiseEmpty())
        .andThen(ar -> appRouter.close());
  }
}
