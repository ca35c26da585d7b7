package dev.brisk.http;

import dev.brisk.auth.Access;
import dev.brisk.auth.Authenticator;
import dev.brisk.cache.CachePolicy;
import dev.brisk.cache.ETags;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import dev.brisk.throttle.Admission;
import dev.brisk.throttle.Throttle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Declares an app's routes over a vertx-web {@link Router}, with Brisk's request pipeline (request
 * id, deadline, {@code Server-Timing}, problem+json errors, 405 with {@code Allow}) around each.
 * Every route declares its {@link Access}; it is checked before the handler (and before a body
 * is read), and a route added to the router directly, without one, keeps the app from starting,
 * as does a method and path declared twice.
 * A literal path ({@code /api/products/export}) belongs to the routes declared on it, in any
 * declaration order: {@code /api/products/:id} never takes it, and another method is a 405
 * listing the literal path's own methods. A route that writes (any method but {@code GET} and
 * {@code HEAD}: endpoints, uploads, raw handlers) runs only when {@code Accept} allows one of its
 * declared {@link OperationDoc#responseTypes} (any, when it declares none), so its 406 means
 * nothing happened; so does a documented read endpoint, so its 406 costs no query.
 *
 * <p>{@code routes.get("/api/products/:id", Access.open(), products::byId);}
 *
 * <p>Used on the verticle's event loop while it starts; not thread-safe.
 */
public final class Routes {

  private final Router router;
  private final long maxBodyBytes;
  private final Duration longRunningDeadline;
  private final Authenticator authenticator;
  private final MeterRegistry registry;
  private final Throttle throttle;
  /** vertx-web's order of the first declared route: after the router's own first route. */
  private static final int FIRST_ORDER = 1 << 20;
  /** What an undocumented endpoint is known to answer: JSON (raw handlers: unknown). */
  private static final OperationDoc JSON_REPLY = OperationDoc.NONE.returns(new JsonObject());

  private final RouteTable table;
  private final List<RouteDeclaration> declarations;
  private final Set<Route> declared;
  /** The version this view mounts routes in, or {@code null} for the unversioned routes. */
  private final ApiVersion version;
  /** What this view's one route says in the API description, or {@code null}: see below. */
  private final OperationDoc doc;
  /** The view a documented view's declaration returns: the same, without the doc. */
  private final Routes undocumented;
  /** Whether this documented view has declared its route. */
  private boolean used;
  /** Documented views that have not declared their route yet, shared by every view. */
  private final Set<Routes> undeclared;

  Routes(Router router, long maxBodyBytes, Duration longRunningDeadline,
      Authenticator authenticator,
      MeterRegistry registry, Throttle throttle) {
    this.router = router;
    this.maxBodyBytes = maxBodyBytes;
    this.longRunningDeadline = longRunningDeadline;
    this.authenticator = authenticator;
    this.registry = registry;
    this.throttle = throttle;
    this.table = new RouteTable();
    this.declarations = new ArrayList<>();
    this.declared = Collections.newSetFromMap(new IdentityHashMap<>());
    this.version = null;
    this.doc = null;
    this.undocumented = this;
    this.undeclared = Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /**
   * A view declaring into {@code root}'s router and lists, mounting routes in {@code version};
   * with a {@code doc}, its one route carries it.
   */
  private Routes(Routes root, ApiVersion version, OperationDoc doc) {
    this.router = root.router;
    this.maxBodyBytes = root.maxBodyBytes;
    this.longRunningDeadline = root.longRunningDeadline;
    this.authenticator = root.authenticator;
    this.registry = root.registry;
    this.throttle = root.throttle;
    this.table = root.table;
    this.declarations = root.declarations;
    this.declared = root.declared;
    this.version = version;
    this.doc = doc;
    this.undocumented = doc == null ? this : root.undocumented;
    this.undeclared = root.undeclared;
    if (doc != null) {
      undeclared.add(this);
    }
  }

  /**
   * Routes declared through the returned view are mounted in {@code apiVersion}:
   * {@code v1.get("/api/products", ...)} serves {@code /api/v1/products}, and also
   * {@code /api/products} when the version is current. A deprecated version's responses carry
   * {@code Deprecation}, {@code Sunset} and {@code Link: <successor>; rel="successor-version"}.
   *
   * <p>{@code ProductsApi.register(routes.version(ApiVersion.current("v1")))}
   */
  public Routes version(ApiVersion apiVersion) {
    Routes versioned = new Routes(undocumented,
        Objects.requireNonNull(apiVersion, "apiVersion"), null);
    if (doc == null) {
      return versioned;
    }
    // The doc moves to the versioned view, which declares the route.
    undeclared.remove(this);
    return versioned.documented(doc);
  }

  /**
   * The route declared through the returned view carries {@code operation}: what the generated
   * API description says about it (a {@code GET} also describes its {@code HEAD}), and, for a
   * write, the media types checked before its handler runs (406, 415) and whether it reads
   * {@code If-Match} itself. The view declares one route, then returns these routes.
   *
   * <p>{@code routes.documented(OrderPlacement.DOC).post("/api/orders", Access.authenticated(),
   * this::place)}
   */
  public Routes documented(OperationDoc operation) {
    return new Routes(undocumented, version, Objects.requireNonNull(operation, "operation"));
  }

  /**
   * Refuses an app whose {@link #documented} view declared no route
   * ({@code routes.documented(doc);} with the declaration forgotten): its route would run with
   * the defaults its doc was meant to replace. Called once the app has declared its routes.
   *
   * @throws IllegalStateException naming the doc's summary
   */
  void requireDocumentedRoutesDeclared() {
    if (!undeclared.isEmpty()) {
      Routes view = undeclared.iterator().next();
      String named = view.doc.summary() == null ? "" : " ('" + view.doc.summary() + "')";
      throw new IllegalStateException("routes.documented(doc)" + named + " declared no route: "
          + "chain the route's declaration to it, routes.documented(doc).post(path, access, "
          + "handler)");
    }
  }

  /**
   * The paths {@code path} is served at through this view, each with its version; called once
   * per declaration.
   *
   * @throws IllegalArgumentException when this documented view declared its route already, or
   *     its doc types a path parameter {@code path} does not have
   */
  private List<Mount> mounts(String path) {
    if (doc != null) {
      if (used) {
        throw new IllegalArgumentException("Route " + path + ": documented(...) describes one "
            + "route and was used already; call documented(...) again for this one");
      }
      used = true;
      undeclared.remove(this);
      List<String> segments = List.of(path.split("/"));
      for (ParameterDoc p : doc.path()) {
        if (!segments.contains(":" + p.name())) {
          throw new IllegalArgumentException("Route " + path + " has no path parameter '"
              + p.name() + "' to document");
        }
      }
    }
    if (version == null) {
      return List.of(new Mount(path, null));
    }
    Mount mounted = new Mount(version.mount(path), version);
    // The unversioned path first: vertx-web tries routes in order, each path pattern before its
    // method, so a request pays for the expressions of every route declared before its own.
    return version.isCurrent() ? List.of(new Mount(path, null), mounted) : List.of(mounted);
  }

  /** Every route declared so far with its access, in declaration order ({@code HEAD} included). */
  public List<RouteDeclaration> declarations() {
    return List.copyOf(declarations);
  }

  /** The underlying router, for handlers that need vertx-web directly. */
  public Router router() {
    return router;
  }

  /** {@code GET} (and {@code HEAD}) returning JSON. */
  public Routes get(String path, Access access, Endpoint endpoint) {
    return add(HttpMethod.GET, path, access, false, endpoint);
  }

  /**
   * {@code GET} (and {@code HEAD}) whose successful replies carry {@code policy}'s
   * {@code Cache-Control} instead of {@code no-cache}.
   *
   * @throws IllegalArgumentException for a public policy on a route that is not open (its
   *     responses depend on the caller)
   */
  public Routes get(String path, Access access, CachePolicy policy, Endpoint endpoint) {
    if (policy.isPublic() && access != null && !access.isOpen()) {
      throw new IllegalArgumentException("Route GET " + path + " is " + access
          + ", so its responses depend on the caller; '" + policy + "' would let shared "
          + "caches serve them to others. Use CachePolicy.privateFor(...) or revalidate()");
    }
    return get(path, access, ctx -> {
      ctx.put(ReplyWriter.CACHE_POLICY, policy);
      return endpoint.handle(ctx);
    });
  }

  /** {@code POST} with a buffered body of at most the configured size (413 beyond). */
  public Routes post(String path, Access access, Endpoint endpoint) {
    return add(HttpMethod.POST, path, access, true, endpoint);
  }

  /** {@code PATCH} with a buffered body. */
  public Routes patch(String path, Access access, Endpoint endpoint) {
    return add(HttpMethod.PATCH, path, access, true, endpoint);
  }

  /** {@code PUT} with a buffered body. */
  public Routes put(String path, Access access, Endpoint endpoint) {
    return add(HttpMethod.PUT, path, access, true, endpoint);
  }

  /** {@code DELETE}. */
  public Routes delete(String path, Access access, Endpoint endpoint) {
    return add(HttpMethod.DELETE, path, access, false, endpoint);
  }

  /**
   * A raw vertx-web handler that writes its own response (streams, uploads); the body is not
   * buffered. It must end the response or fail the context. Inside {@code /api/batch} such
   * routes answer 400 in place: a batch holds only buffered endpoints.
   */
  public Routes raw(HttpMethod method, String path, Access access,
      Handler<RoutingContext> handler) {
    return raw(method, path, access, handler, false);
  }

  /** {@code answersHead}: a GET's handler answers HEAD too, else HEAD is 405. */
  private Routes raw(HttpMethod method, String path, Access access,
      Handler<RoutingContext> handler, boolean answersHead) {
    for (Mount mount : mounts(path)) {
      declare(method, mount, access, false, true, false, doc(OperationDoc.NONE), handler);
      if (method == HttpMethod.GET && answersHead) {
        declare(HttpMethod.HEAD, mount, access, false, true, false, doc(OperationDoc.NONE),
            handler);
      } else if (method == HttpMethod.GET && !LiteralPaths.isLiteral(mount.path())) {
        // A literal path's HEAD is refused before routing (literalMethods).
        refuseHead(mount.path());
      }
    }
    return undocumented;
  }

  /**
   * A streaming response (export, SSE), admitted by {@code limiter} before the handler runs, so a
   * refused stream (429/503) never opens a cursor. The request deadline applies until the
   * response head is written: a query that produces nothing in time (blocked on a lock, waiting
   * for a connection) is a 504 and is cancelled; a stream that has started is never cut by it.
   * A GET stream answers HEAD too: the same checks and head, no rows read (a stream written
   * through {@code Streamer} ends at its head; any other handler must end a HEAD without a body:
   * Vert.x drops it over HTTP/1.1 but sends it over HTTP/2, where clients refuse it).
   *
   * <p>{@code routes.stream(GET, "/api/products/export", Access.open(), limiter, export::handle)}
   */
  public Routes stream(HttpMethod method, String path, Access access, StreamLimiter limiter,
      Handler<RoutingContext> handler) {
    return raw(method, path, access, ctx -> {
      Admission.releaseEarly(ctx);
      admitted(ctx, limiter, handler);
    }, true);
  }

  /**
   * A streamed upload (import): long-running like {@link #rawLongRunning}, since it answers once
   * the whole body is read, and admitted by {@code limiter} first.
   *
   * <p>{@code routes.upload(POST, "/api/products/import", Access.tier("internal"), imports,
   * productImport::handle)}
   */
  public Routes upload(HttpMethod method, String path, Access access, StreamLimiter limiter,
      Handler<RoutingContext> handler) {
    return rawLongRunning(method, path, access, ctx -> admitted(ctx, limiter, handler));
  }

  /** Runs {@code handler} once {@code limiter} admits the request, its body held meanwhile. */
  private static void admitted(RoutingContext ctx, StreamLimiter limiter,
      Handler<RoutingContext> handler) {
    HeldBody.await(ctx, limiter.admit(ctx), admission -> {
      if (admission.failed()) {
        ctx.fail(admission.cause());
        return;
      }
      try {
        handler.handle(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }

  /**
   * A raw GET writes its own (often streamed) body, so it has no cheap HEAD: answer 405 naming
   * the path's methods, rather than let HEAD fall through to another route
   * ({@code /:id/:part}).
   */
  private void refuseHead(String path) {
    Route head = router.route(HttpMethod.HEAD, path).order(nextOrder());
    declared.add(head);
    head.handler(ctx -> {
      List<String> allowed = new ArrayList<>(List.of("OPTIONS"));
      for (RouteDeclaration d : declarations) {
        if (d.path().equals(path)) {
          allowed.add(d.method().name());
        }
      }
      ctx.fail(Problem.methodNotAllowed("HEAD", allowed));
    });
  }

  /**
   * A raw handler for long-running work (streamed uploads, large exports): like
   * {@link #raw}, but its deadline is the long-running one ({@code --long-running-deadline},
   * default 1 h) instead of the request deadline.
   */
  public Routes rawLongRunning(HttpMethod method, String path, Access access,
      Handler<RoutingContext> handler) {
    return raw(method, path, access, ctx -> {
      RequestPipeline.extendDeadline(ctx, longRunningDeadline);
      Admission.releaseEarly(ctx);
      handler.handle(ctx);
    });
  }

  /**
   * A raw handler whose body is first buffered up to the configured limit (413 beyond), for
   * handlers that read the whole body but write their own (possibly streamed) response.
   */
  public Routes rawBuffered(HttpMethod method, String path, Access access,
      Handler<RoutingContext> handler) {
    // A batch is charged per sub-request (each passes its own route's rate limit), never whole;
    // one that dispatches none is charged as one request to its own route.
    Function<RoutingContext, Future<Void>> alone = throttle.chargeAlone(method.name(), path);
    Handler<RoutingContext> run = handler instanceof BatchEndpoint batch
        ? ctx -> batch.handle(ctx, alone != null ? alone : free -> Future.succeededFuture())
        : handler;
    for (Mount mount : mounts(path)) {
      declare(method, mount, access, true, run == handler, false, doc(OperationDoc.NONE), run);
    }
    return undocumented;
  }

  private Routes add(HttpMethod method, String path, Access access, boolean body,
      Endpoint endpoint) {
    for (Mount mount : mounts(path)) {
      declare(method, mount, access, body, true, true, doc(JSON_REPLY),
          ctx -> RouteSteps.run(endpoint, ctx));
      if (method == HttpMethod.GET) {
        // After its GET, which most requests are (see mounts).
        declare(HttpMethod.HEAD, mount, access, false, true, true, doc(JSON_REPLY),
            ctx -> RouteSteps.run(endpoint, ctx));
      }
    }
    return undocumented;
  }

  /**
   * Registers {@code method path} guarded by {@code access}: the rate limit runs first on the
   * route, then the access check, then (for a write) the media type checks, each calling the
   * next directly, not through the router (each router hop costs a route match and a dispatch),
   * and all of them before a {@code body} is read, so a refused request costs no body buffering.
   * Then {@code handler}; {@code endpoint}: it runs an {@link Endpoint} whose replies
   * {@link ReplyWriter} writes. A write (any method but {@code GET} and {@code HEAD}) runs only
   * when {@code Accept} allows one of the media types its declaration says a success has (406
   * otherwise: found after the handler, a 406 would come after the write), and when its
   * {@code Content-Type} is one its declaration consumes (415). A documented read endpoint is
   * refused 406 the same way before its handler, so an unacceptable {@code Accept} costs no
   * query.
   *
   * @throws IllegalArgumentException when access is missing or names an unknown tier
   */
  private void declare(HttpMethod method, Mount mount, Access access, boolean body,
      boolean counted, boolean endpoint, OperationDoc doc, Handler<RoutingContext> handler) {
    String path = mount.path();
    if (access == null) {
      throw new IllegalArgumentException("Route " + method + " " + path + " declares no access; "
          + "pass Access.open(), authenticated(), tier(...) or ownerOr(...)");
    }
    try {
      access.validate(authenticator.tiers());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Route " + method + " " + path + ": " + e.getMessage(),
          e);
    }
    int order = table.add(method, path, nextOrder());
    // The index of this route's declaration, read by the checks below.
    int own = declarations.size();
    // After the checks: the body handling when there is a body, else the handler itself.
    Handler<RoutingContext> then = body ? RoutingContext::next : handler;
    boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
    Handler<RoutingContext> accepted;
    if (!read) {
      accepted = ctx -> {
        if (acceptable(own, ctx) && consumable(own, ctx) && preconditionsHold(own, ctx)) {
          then.handle(ctx);
        }
      };
    } else if (endpoint && this.doc != null) {
      // A documented read (this view's doc, not the default the parameter may hold) declares
      // what it answers: an Accept that allows none of it costs no query or outbound call.
      accepted = ctx -> {
        if (acceptable(own, ctx)) {
          then.handle(ctx);
        }
      };
    } else {
      accepted = then;
    }
    // The rate limit before the access check: a denial may cost a query (an owner lookup), and
    // uncharged denials let a caller run them without limit (found by the limits audit).
    Handler<RoutingContext> allowed = new AccessGuard(access, authenticator, registry, accepted);
    // A batch holds routes whose body the framework buffers or whose reply it writes; any other
    // sub-request is refused right after its charge, whatever its caller, Accept or body.
    Handler<RoutingContext> guard = body || endpoint ? allowed : ctx -> {
      if (RouteSteps.notInBatch(ctx)) {
        allowed.handle(ctx);
      }
    };
    Handler<RoutingContext> rateLimit = throttle.rateLimit(method.name(), path, counted, guard);
    // An uncounted route (a batch) is charged all the same: per sub-request, or as one request
    // when it dispatches none (429 included).
    boolean charged = counted ? rateLimit != null
        : throttle.chargeAlone(method.name(), path) != null;
    declarations.add(new RouteDeclaration(method, path, access, doc, mount.version(),
        charged, endpoint));
    Handler<RoutingContext> checks =
        AccessGuard.privateTo(access, rateLimit == null ? guard : rateLimit);
    if (mount.version() != null && !mount.version().isCurrent()) {
      // First: denials of a deprecated version say so too.
      Handler<RoutingContext> undeprecated = checks;
      checks = ctx -> RouteSteps.deprecated(ctx, mount.version(), undeprecated);
    }
    Route route = router.route(method, path).order(order);
    declared.add(route);
    if (body) {
      // vertx-web orders a route's handlers by kind, body handling before plain handlers: as a
      // security policy the checks come first. A compressed body is refused before the handler.
      route.handler(new BeforeBody(checks))
          .handler(new TimedBodyHandler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)))
          .handler(RouteSteps::plainBody)
          .handler(handler);
    } else {
      route.handler(checks);
    }
  }

  /**
   * Whether {@code Accept} allows one of the media types the declaration says a success has
   * (none declared: any); fails {@code ctx} with 406 when not.
   */
  private boolean acceptable(int declaration, RoutingContext ctx) {
    String accept = Requests.headerList(ctx, "Accept");
    if (accept != null) {
      List<String> produced = produced(declarations.get(declaration).doc());
      if (!produced.isEmpty() && MediaTypes.negotiate(accept, produced) == null) {
        ctx.fail(Problem.notAcceptable(accept, produced));
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the body's {@code Content-Type} is among the media types the declaration says the
   * route consumes ({@link OperationDoc#consumes}; none declared: any), and, for a JSON or
   * NDJSON type, declares no charset but UTF-8; fails {@code ctx} with 415 naming them when not
   * (a missing {@code Content-Type} too), with {@code Accept-Patch} or {@code Accept-Post} (RFC
   * 5789 section 2.2). Checked from the head, before {@code 100 Continue}, before the body is
   * read and before an upload takes its slot.
   */
  private boolean consumable(int declaration, RoutingContext ctx) {
    List<String> consumed = declarations.get(declaration).doc().consumes();
    if (consumed.isEmpty()) {
      return true;
    }
    String contentType = ctx.request().getHeader("Content-Type");
    Problem refused = null;
    if (contentType == null || !consumed.contains(MediaTypes.essence(contentType))) {
      refused = Problem.unsupportedMediaType(contentType, consumed);
    } else if (MediaTypes.isJsonText(contentType) && !MediaTypes.isUtf8(contentType)) {
      refused = Problem.unsupportedCharset(contentType, consumed);
    }
    if (refused == null) {
      return true;
    }
    ctx.fail(Requests.namingAccepted(ctx, refused, consumed));
    return false;
  }

  /**
   * Evaluates the preconditions of a write whose declaration does not list them among the
   * headers it reads ({@link OperationDoc#withHeaders}), so that no write ignores them (RFC 9110
   * section 13.1): such a route compares no entity tags, so an {@code If-Match} naming tags
   * cannot match (412), while {@code If-Match: *} holds; and a route on a literal path (a
   * collection: {@code POST /api/orders}) always has a representation, so
   * {@code If-None-Match: *} fails there (412). Checked after 406 and 415, before the body is
   * read or the handler runs. Fails {@code ctx} and returns false when one fails.
   */
  private boolean preconditionsHold(int declaration, RoutingContext ctx) {
    RouteDeclaration route = declarations.get(declaration);
    String ifMatch = Requests.headerList(ctx, "If-Match");
    if (ifMatch != null && !route.doc().readsHeader("If-Match")) {
      if (!ETags.matchesStrongly(ifMatch, null)) {
        ctx.fail(Problem.preconditionFailed((ifMatch.isBlank() ? "If-Match is empty, a list "
            + "no ETag matches" : "If-Match names an ETag, and " + ctx.request().method() + " "
            + ctx.request().path() + " compares none (only * matches)")
            + "; send the request without If-Match"));
        return false;
      }
      if (route.hasLiteralPath() && !route.hasRepresentation(declarations)) {
        ctx.fail(Problem.preconditionFailed("If-Match: * asks that " + ctx.request().path()
            + " have a current representation, and it has none (it cannot be read with GET)"));
        return false;
      }
    }
    if (route.hasLiteralPath() && !route.doc().readsHeader("If-None-Match")
        && ETags.matches(Requests.headerList(ctx, "If-None-Match"), null)
        && route.hasRepresentation(declarations)) {
      ctx.fail(Problem.preconditionFailed("If-None-Match: * asks that " + ctx.request().path()
          + " have no current representation, and it has one"));
      return false;
    }
    return true;
  }

  /** The media types a success of {@code doc} has, protobuf naming its message. */
  private static List<String> produced(OperationDoc doc) {
    List<String> types = doc.responseTypes();
    if (doc.protobuf() == null) {
      return types;
    }
    List<String> named = new ArrayList<>(types.size());
    for (String type : types) {
      named.add(type.equals(MediaTypes.PROTOBUF) ? MediaTypes.protobuf(doc.protobuf()) : type);
    }
    return named;
  }

  /** This view's doc, else what an undocumented route of its kind is known to answer. */
  private OperationDoc doc(OperationDoc undocumentedDoc) {
    return doc == null ? undocumentedDoc : doc;
  }

  /** The next route's place in vertx-web's order: declaration order, leaving a gap before each. */
  private int nextOrder() {
    return FIRST_ORDER + 2 * declared.size();
  }

  /** See {@link RouteTable#literalMethods}. */
  Handler<RoutingContext> literalMethods(Handler<RoutingContext> next) {
    return table.literalMethods(next);
  }

  /** Whether this route was declared here (with an access), rather than on the router directly. */
  boolean isDeclared(Route route) {
    return declared.contains(route);
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * The template of the declared route {@code ctx} is for: the matched route's own; after a
   * failure, or when the request was refused before routing (shed, rate limited), the first
   * declared route of its method whose template matches its path, or of another method for a
   * 405; null when none does (or the path is not valid percent-encoding).
   */
  String template(RoutingContext ctx) {
    Route current = ctx.currentRoute();
    if (current != null && current.getPath() != null) {
      return current.getPath();
    }
    HttpMethod method = ctx.request().method();
    String path;
    try {
      path = ctx.normalizedPath();
    } catch (IllegalArgumentException malformed) {
      // Invalid percent-encoding (refused 400 by the gate): no route can match it.
      return null;
    }
    return table.template(method, path);
  }

  /**
   * Methods declared for paths matching this normalized one, for {@code Allow}: a literal route's
   * path has its own routes' methods only.
   */
  List<String> allowedMethods(String path) {
    return table.allowedMethods(path);
  }

  /**
   * The fields an {@code OPTIONS} answer for this normalized path carries beside {@code Allow}:
   * {@code Accept-Patch} (RFC 5789 section 3.1) and {@code Accept-Post} naming the media types
   * the path's PATCH and POST consume, as their 415 does; a write that declares none adds none.
   */
  Map<String, String> acceptedBodies(String path) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (HttpMethod method : List.of(HttpMethod.PATCH, HttpMethod.POST)) {
      String template = table.template(method, path);
      for (RouteDeclaration d : declarations) {
        if (d.method().equals(method) && d.path().equals(template)
            && !d.doc().consumes().isEmpty()) {
          fields.put(method == HttpMethod.PATCH ? "Accept-Patch" : "Accept-Post",
              String.join(", ", d.doc().consumes()));
          break;
        }
      }
    }
    return fields;
  }

  /** One path a route is served at and the version it belongs to ({@code null}: none). */
  private record Mount(String path, ApiVersion version) {
  }
}
