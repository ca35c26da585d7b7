package dev.brisk.http;

import dev.brisk.health.HealthChecks;
import dev.brisk.metrics.EventLoopLag;
import dev.brisk.metrics.HttpMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The router one HTTP server serves: Brisk's request pipeline (request id, deadline,
 * {@code Server-Timing}, metrics), {@code /health/live}, {@code /health/ready}, {@code /metrics},
 * the app's routes, and problem+json for every failure.
 *
 * <p>{@code AppRouter.create(vertx, HttpOptions.defaults(), health, registry, app::routes)}
 *
 * <p>Create and close it on the event loop of the server that uses it.
 */
public final class AppRouter {

  /** How often request deadlines are checked: they fire at most this much late. */
  private static final long SWEEP_MILLIS = 20;
  private static final int[] MATCH_FAILURES = {400, 404, 405, 406, 413, 415};

  private final Vertx vertx;
  private final Router router;
  private final HealthChecks health;
  private final long sweepTimer;
  private final long lagTimer;

  private AppRouter(Vertx vertx, HttpOptions options, HealthChecks health,
      MeterRegistry registry, Consumer<Routes> appRoutes) {
    this.vertx = vertx;
    this.health = health;
    this.router = Router.router(vertx);
    Deadlines deadlines = new Deadlines(System::nanoTime);
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> deadlines.sweep());
    RequestPipeline pipeline = new RequestPipeline(options.deadline(), options.accessLog(),
        HttpMetrics.create(registry), deadlines);
    router.route().handler(pipeline::begin);
    Routes routes = new Routes(router, options.maxBodyBytes(), options.longRunningDeadline());
    routes.get("/health/live", ctx -> Future.succeededFuture(
        Reply.ok(new JsonObject().put("status", "UP"))));
    routes.raw(HttpMethod.GET, "/health/ready", this::ready);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      routes.raw(HttpMethod.GET, "/metrics", PrometheusScrapingHandler.create(prometheus));
    }
    appRoutes.accept(routes);
    ProblemResponder responder = new ProblemResponder(routes);
    router.route().failureHandler(responder::handle);
    for (int status : MATCH_FAILURES) {
      router.errorHandler(status, responder::handle);
    }
    lagTimer = EventLoopLag.start(vertx, registry, Duration.ofMillis(100));
  }

  /** Builds the router; {@code appRoutes} declares the app's routes on it. */
  public static AppRouter create(Vertx vertx, HttpOptions options, HealthChecks health,
      MeterRegistry registry, Consumer<Routes> appRoutes) {
    return new AppRouter(vertx, options, health, registry, appRoutes);
  }

  /** The router to hand to {@code HttpServer.requestHandler}. */
  public Router router() {
    return router;
  }

  /** Stops the deadline sweep and the event-loop lag probe. */
  public void close() {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(lagTimer);
  }

  private void ready(RoutingContext ctx) {
    health.check().onSuccess(report -> ctx.response()
        .setStatusCode(report.up() ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(report.body().toBuffer()));
  }
}
