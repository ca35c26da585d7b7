package dev.brisk.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.brisk.metrics.EventLoopLag;
import dev.brisk.metrics.HttpMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One HTTP server instance: Brisk's pipeline, health, metrics and the app's routes. */
final class HttpVerticle extends VerticleBase {

  /** How often request deadlines are checked: they fire at most this much late. */
  private static final long SWEEP_MILLIS = 20;
  private static final int[] MATCH_FAILURES = {400, 404, 405, 406, 413, 415};

  private final BriskApp app;
  private final BriskContext context;
  private final BriskSettings settings;
  private HttpServer server;
  private long lagTimer = -1;
  private long sweepTimer = -1;

  HttpVerticle(BriskApp app, BriskContext context, BriskSettings settings) {
    this.app = app;
    this.context = context;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    Deadlines deadlines = new Deadlines(System::nanoTime);
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> deadlines.sweep());
    RequestPipeline pipeline = new RequestPipeline(settings.deadline(), settings.accessLog(),
        HttpMetrics.create(context.registry()), deadlines);
    router.route().handler(pipeline::begin);
    Routes routes = new Routes(router, settings.maxBodyBytes(), settings.longRunningDeadline());
    routes.get("/health/live", ctx -> Future.succeededFuture(
        Reply.ok(new JsonObject().put("status", "UP"))));
    routes.raw(HttpMethod.GET, "/health/ready", this::ready);
    if (context.registry() instanceof PrometheusMeterRegistry prometheus) {
      routes.raw(HttpMethod.GET, "/metrics",
          PrometheusScrapingHandler.create(prometheus));
    }
    app.routes(routes, context);
    ProblemResponder responder = new ProblemResponder(routes);
    router.route().failureHandler(responder::handle);
    for (int status : MATCH_FAILURES) {
      router.errorHandler(status, responder::handle);
    }
    lagTimer = EventLoopLag.start(vertx, context.registry(), Duration.ofMillis(100));
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setCompressionSupported(true)
        .setDecompressionSupported(true)
        .setHttp2ClearTextEnabled(true));
    return server.requestHandler(router).listen();
  }

  private void ready(RoutingContext ctx) {
    context.health().check().onSuccess(report -> ctx.response()
        .setStatusCode(report.up() ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(report.body().toBuffer()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(lagTimer);
    vertx.cancelTimer(sweepTimer);
    return server == null ? Future.succeededFuture()
        : server.shutdown(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
