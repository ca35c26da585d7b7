package dev.brisk.http;

import dev.brisk.auth.Access;
import dev.brisk.auth.Authenticator;
import dev.brisk.auth.Caller;
import dev.brisk.cache.ETags;
import dev.brisk.health.HealthChecks;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.RequestScope;
import dev.brisk.internal.SweepTimer;
import dev.brisk.internal.ThrottledLog;
import dev.brisk.metrics.EventLoopLag;
import dev.brisk.metrics.HttpMetrics;
import dev.brisk.problem.Problem;
import dev.brisk.throttle.Admission;
import dev.brisk.throttle.Throttle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The router one HTTP server serves: Brisk's request pipeline (request id, deadline,
 * {@code Server-Timing}, metrics), the request gate (known methods, well-formed targets,
 * {@code nosniff}), CORS when configured, the caller of each request, 405 for a method a literal
 * route's path does not declare and the throttle's concurrency gate (these six in one router
 * hop), per-route rate limits, {@code /health/live},
 * {@code /health/ready}, {@code /metrics}, the app's routes (each with its declared access), and
 * problem+json for every failure.
 *
 * <p>{@code AppRouter.create(vertx, HttpOptions.defaults(), health, registry, authenticator,
 * app::routes)}
 *
 * <p>Create and close it on the event loop of the server that uses it.
 */
public final class AppRouter {

  /**
   * The HTTP/2 {@code SETTINGS_MAX_HEADER_LIST_SIZE} a server in front of this router should
   * announce: four times HTTP/1's header limit, so that a header block over HTTP/1's limits still
   * reaches {@link #handle}, which answers it 414 or 431 problem+json on its stream as HTTP/1
   * would. Beyond this size Netty refuses the stream itself (a bare 431, no body).
   */
  public static final long MAX_HTTP2_HEADER_LIST_SIZE =
      4L * HttpServerOptions.DEFAULT_MAX_HEADER_SIZE;

  /** How often pending request deadlines are checked: they fire at most this much late. */
  private static final long SWEEP_MILLIS = 20;
  private static final int[] MATCH_FAILURES = {400, 404, 405, 406, 413, 415};
  /**
   * The {@code ETag} of the raw reads that end through {@link ReplyWriter#endValidated}: listed,
   * the description shows their 304 and 412 too.
   */
  private static final ParameterDoc VALIDATOR = ParameterDoc.required("ETag",
      new JsonObject().put("type", "string"), "Strong validator of this answer: send it back "
          + "in If-None-Match (304 while it still matches) or If-Match");
  private static final ThrottledLog UNCAUGHT = new ThrottledLog(
      LoggerFactory.getLogger(AppRouter.class), Duration.ofSeconds(10), System::nanoTime);

  private final Vertx vertx;
  private final Router router;
  private final HealthChecks health;
  private final Authenticator authenticator;
  private final Routes routes;
  private final SweepTimer deadlineSweep;
  private final long lagTimer;
  private final RequestPipeline pipeline;
  private final Admission admission;
  /** The methods some route answers, for {@code OPTIONS *}; set once the routes are declared. */
  private final String serverMethods;

  private AppRouter(Vertx vertx, HttpOptions options, HealthChecks health,
      MeterRegistry registry, Authenticator authenticator, Throttle throttle,
      Consumer<Routes> appRoutes) {
    this.vertx = vertx;
    this.health = health;
    this.authenticator = authenticator;
    this.router = Router.router(vertx);
    Deadlines deadlines = new Deadlines(System::nanoTime, this::armDeadlineSweep);
    deadlineSweep = new SweepTimer(vertx, SWEEP_MILLIS, deadlines::sweep);
    routes = new Routes(router, options.maxBodyBytes(), options.longRunningDeadline(),
        authenticator, registry, throttle);
    pipeline = new RequestPipeline(options.deadline(), options.accessLog(),
        HttpMetrics.create(registry), deadlines, routes);
    admission = throttle.admission(vertx);
    // Pipeline, CORS headers, gate, preflights, caller, literal paths' methods and admission in
    // one router hop (each hop costs a route match and a dispatch); each step hands the request
    // to the next.
    Handler<RoutingContext> caller = new CallerResolution(authenticator, throttle::isExempt,
        routes.literalMethods(admission));
    Cors cors = options.cors().isEnabled()
        ? new Cors(options.cors(), routes, registry, caller) : null;
    Handler<RoutingContext> afterGate = cors == null ? caller : cors;
    Route begin = router.route().handler(ctx -> {
      pipeline.begin(ctx);
      if (cors != null) {
        cors.decorate(ctx);
      }
      if (!pipeline.refuseDrained(ctx)) {
        RequestGate.handle(ctx, afterGate);
      }
    });
    routes.documented(liveness()).get(CallerResolution.LIVENESS, Access.open(),
        ctx -> Future.succeededFuture(Reply.ok(new JsonObject().put("status", "UP"))));
    // HEAD too (load balancers check health with it): answered with the head alone.
    OperationDoc readiness = readiness();
    routes.documented(readiness).raw(HttpMethod.GET, "/health/ready", Access.open(),
        this::ready).documented(readiness).raw(HttpMethod.HEAD, "/health/ready", Access.open(),
        this::ready);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      MetricsScrape scrape = new MetricsScrape(vertx, prometheus);
      OperationDoc metrics = OperationDoc.summary("Prometheus metrics (text exposition format)")
          .returns(new JsonObject().put("type", "string"))
          .withResponseMediaTypes("text/plain")
          .withResponseHeaders(VALIDATOR, cacheControl("no-store: every scrape is fresh"));
      routes.documented(metrics).raw(HttpMethod.GET, "/metrics", Access.open(), scrape)
          .documented(metrics).raw(HttpMethod.HEAD, "/metrics", Access.open(), scrape);
    }
    appRoutes.accept(routes);
    routes.requireDocumentedRoutesDeclared();
    refuseUndeclared(begin);
    serverMethods = serverMethods(routes.declarations());
    ProblemResponder responder = new ProblemResponder(routes);
    router.route().failureHandler(responder::handle);
    for (int status : MATCH_FAILURES) {
      router.errorHandler(status, responder::handle);
    }
    lagTimer = EventLoopLag.start(vertx, registry, Duration.ofMillis(100),
        admission::onEventLoopLag);
    // Failures thrown in callbacks reach the event loop's context, not the router: hand them to
    // the request they belong to so it is answered now, not at its deadline.
    vertx.getOrCreateContext().exceptionHandler(AppRouter::uncaught);
  }

  private void armDeadlineSweep() {
    deadlineSweep.arm();
  }

  /** What liveness answers. */
  private static OperationDoc liveness() {
    return OperationDoc.summary("Liveness").returns(new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("status")).put("properties",
            new JsonObject().put("status", new JsonObject().put("type", "string"))));
  }

  /** What readiness answers. */
  private static OperationDoc readiness() {
    // What the highest tier also sees: each check's outcome (HealthChecks.report).
    JsonObject check = new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("status").add("required").add("duration_ms"))
        .put("additionalProperties", false)
        .put("properties", new JsonObject()
            .put("status", new JsonObject().put("type", "string")
                .put("enum", new JsonArray().add("UP").add("DOWN")))
            .put("required", new JsonObject().put("type", "boolean"))
            .put("duration_ms", new JsonObject().put("type", "integer").put("minimum", 0))
            .put("error", new JsonObject().put("type", "string")));
    JsonObject readiness = new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("status")).put("additionalProperties", false)
        .put("properties", new JsonObject()
            .put("status", new JsonObject().put("type", "string")
                .put("enum", new JsonArray().add("UP").add("DEGRADED")))
            .put("checks", new JsonObject().put("type", "object")
                .put("additionalProperties", check)));
    return OperationDoc.summary("Readiness: 200 when the required stores answer, a 503 "
        + "problem otherwise (details for the highest tier only)")
        .returns(readiness).withResponseHeaders(VALIDATOR,
            cacheControl("private, no-store: readiness is asked afresh"));
  }

  /** The {@code Cache-Control} a raw route sends, for its doc. */
  private static ParameterDoc cacheControl(String value) {
    return ParameterDoc.required("Cache-Control", new JsonObject().put("type", "string"), value);
  }

  private static void uncaught(Throwable failure) {
    RequestScope scope = RequestScope.current();
    if (scope == null || !scope.failUncaught(failure)) {
      UNCAUGHT.error("uncaught " + failure.getClass().getName() + " " + failure.getMessage(),
          "Unhandled failure outside any request: {}", failure);
    }
  }

  /**
   * Builds the router; {@code appRoutes} declares the app's routes on it.
   *
   * @throws IllegalStateException naming a route added to the router without declared access
   */
  public static AppRouter create(Vertx vertx, HttpOptions options, HealthChecks health,
      MeterRegistry registry, Authenticator authenticator, Consumer<Routes> appRoutes) {
    return create(vertx, options, health, registry, authenticator, Throttle.off(registry),
        appRoutes);
  }

  /**
   * Like {@link #create(Vertx, HttpOptions, HealthChecks, MeterRegistry, Authenticator,
   * Consumer)}, with {@code throttle}'s concurrency gate after caller resolution and its rate
   * limit on each route before the access check (denials are charged too).
   */
  public static AppRouter create(Vertx vertx, HttpOptions options, HealthChecks health,
      MeterRegistry registry, Authenticator authenticator, Throttle throttle,
      Consumer<Routes> appRoutes) {
    return new AppRouter(vertx, options, health, registry, authenticator, throttle, appRoutes);
  }

  /** Every declared route with its access, framework routes included. */
  public List<RouteDeclaration> declarations() {
    return routes.declarations();
  }

  /** Deny by default: a route added to the router directly has no access, so refuse to start. */
  private void refuseUndeclared(Route own) {
    for (Route route : router.getRoutes()) {
      if (route != own && !routes.isDeclared(route)) {
        String methods = route.methods() == null ? "*" : route.methods().toString();
        throw new IllegalStateException("Route " + methods + " "
            + (route.getPath() == null ? "(any path)" : route.getPath())
            + " declares no access: register it through Routes with an Access");
      }
    }
  }

  /**
   * Routes {@code request} (the {@code HttpServer.requestHandler}); an HTTP/2 request
   * without {@code :authority} or an HTTP/1.1 one without a valid {@code Host}, which Vert.x
   * refuses to route, is answered 400 here instead of failing inside the router as a 500 (so is
   * a request with several {@code Host} lines, RFC 9112 section 3.2), and an HTTP/2 one over
   * HTTP/1's size limits 414 or 431 (the server lets header blocks up to
   * {@link #MAX_HTTP2_HEADER_LIST_SIZE} through so that they get a problem); a request target
   * that is not a path is 400, and {@code OPTIONS *} is answered 204 with every method some
   * route answers (RFC 9110 section 9.3.7).
   */
  public void handle(HttpServerRequest request) {
    if (refusedBeforeRouting(request)) {
      pipeline.answeredBeforeRouting(request);
      return;
    }
    router.handle(request);
  }

  /** Answers and returns true for a request the router must not see; see {@link #handle}. */
  private boolean refusedBeforeRouting(HttpServerRequest request) {
    boolean refused;
    if (request.version() == HttpVersion.HTTP_2) {
      if (request.authority() == null) {
        CodecRejections.missingAuthority(request);
        return true;
      }
      refused = CodecRejections.overLimits(request);
    } else {
      refused = CodecRejections.badHost(request);
    }
    return refused || CodecRejections.notAPath(request, serverMethods);
  }

  /** Every declared method, HEAD where GET is, and OPTIONS: {@code "GET, HEAD, OPTIONS, POST"}. */
  private static String serverMethods(List<RouteDeclaration> declarations) {
    Set<String> methods = new TreeSet<>(List.of("OPTIONS"));
    for (RouteDeclaration route : declarations) {
      methods.add(route.method().name());
      if (route.method() == HttpMethod.GET) {
        methods.add("HEAD");
      }
    }
    return String.join(", ", methods);
  }

  /**
   * What the HTTP server answers to requests its codec rejected (414, 431, 505, 400): a
   * problem+json body, then the connection closes; counted and logged like routed requests.
   * {@code server.invalidRequestHandler(router.codecRejections())}
   */
  public Handler<HttpServerRequest> codecRejections() {
    return request -> {
      CodecRejections.handle(request);
      pipeline.answeredBeforeRouting(request);
    };
  }

  /**
   * Starts draining: requests still running {@code within} from now are ended (503 before their
   * response started, their error frame for streams). Call on this router's event loop when the
   * server stops accepting. Completes once no request runs on this event loop any more and the
   * last one's end handlers (slots given back) have run.
   */
  public Future<Void> drain(Duration within) {
    return pipeline.drain(vertx, within);
  }

  /** Stops the deadline sweep and the event-loop lag probe. */
  public void close() {
    deadlineSweep.close();
    vertx.cancelTimer(lagTimer);
    admission.close();
  }

  /** Per-check details (errors, addresses) only for the highest tier; others see the status. */
  private void ready(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    boolean details = caller.isAtLeast(authenticator.tiers().highest());
    // The answer depends on the caller (details for the highest tier only): private, and never
    // stored, since readiness must be asked afresh.
    AccessGuard.markCallerDependent(ctx, caller);
    health.check().onSuccess(report -> {
      if (HeldBody.isAnswered(ctx)) {
        // The request's deadline answered first (504, checks slower than it): nothing to add.
        return;
      }
      if (!report.up()) {
        // An error like any other: a problem of the moment, no validator.
        ctx.fail(notReady(report.body(), details));
        return;
      }
      Buffer body = (details ? report.body()
          : new JsonObject().put("status", report.body().getString("status"))).toBuffer();
      ctx.response().putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "private, no-store");
      ReplyWriter.endValidated(ctx, ETags.of(body), body);
    });
  }

  /**
   * The 503 of an instance that is not ready, a problem: the highest tier also learns why (the
   * required checks that failed, or the shutdown) and gets each check's report as
   * {@code checks}; others the status alone.
   */
  private static Problem notReady(JsonObject report, boolean details) {
    if (!details) {
      return Problem.unavailable("The instance is not ready");
    }
    JsonObject checks = report.getJsonObject("checks");
    List<String> down = checks.fieldNames().stream().sorted().filter(name -> {
      JsonObject check = checks.getJsonObject(name);
      return check.getBoolean("required") && !"UP".equals(check.getString("status"));
    }).toList();
    String why = report.containsKey("reason") ? report.getString("reason")
        : "required checks down: " + String.join(", ", down);
    return Problem.unavailable("The instance is not ready: " + why)
        .withExtension("checks", checks);
  }
}
