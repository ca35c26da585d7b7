package dev.brisk.http;

import dev.brisk.auth.Access;
import dev.brisk.auth.Authenticator;
import dev.brisk.auth.Caller;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.Steps;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks a declared route's {@link Access} for the request's caller, after the route's rate
 * limit (a denial may cost an owner lookup, so it is charged like any request) and before its
 * body is read, and counts
 * denials ({@code brisk.auth.denials} by status). Responses of routes that are not open depend
 * on the caller, so {@link #privateTo} gives them {@code Cache-Control: private}, {@code Vary}
 * on the credential headers and ETags that differ per caller, 429s included. Runs on the
 * request's context.
 */
final class AccessGuard implements Handler<RoutingContext> {

  /** Context key holding the caller's scope when the response depends on the caller. */
  static final String CREDENTIAL_VARY = "X-API-Key, Authorization";

  private final Access access;
  private final Authenticator authenticator;
  private final MeterRegistry registry;
  private final Handler<RoutingContext> next;

  /** {@code next} runs when the caller may call the route. */
  AccessGuard(Access access, Authenticator authenticator, MeterRegistry registry,
      Handler<RoutingContext> next) {
    this.access = access;
    this.authenticator = authenticator;
    this.registry = registry;
    this.next = next;
  }

  /**
   * The first handler of a route guarded by {@code access}: {@code next} (the rate limit, then
   * the access check), whose responses are private to the caller when the route is not open.
   */
  static Handler<RoutingContext> privateTo(Access access, Handler<RoutingContext> next) {
    if (access.isOpen()) {
      return next;
    }
    return ctx -> {
      markCallerDependent(ctx, Caller.of(ctx));
      Steps.proceed(ctx, next);
    };
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    // An owner check queries: the body waits meanwhile (the check runs before it is read).
    HeldBody.await(ctx, access.authorize(ctx, caller, authenticator), ar -> {
      if (ar.succeeded()) {
        Steps.proceed(ctx, next);
        return;
      }
      if (ar.cause() instanceof Problem p) {
        Counter.builder("brisk.auth.denials").description("Requests refused by access control")
            .tag("status", Integer.toString(p.status())).register(registry).increment();
      }
      ctx.fail(ar.cause());
    });
  }

  /** Makes the response private to {@code caller}: cache headers now, ETag when written. */
  static void markCallerDependent(RoutingContext ctx, Caller caller) {
    if (Caller.answerScope(ctx) != null) {
      return;
    }
    Caller.answerFor(ctx, caller.scope());
    boolean read = ctx.request().method() == HttpMethod.GET
        || ctx.request().method() == HttpMethod.HEAD;
    ctx.addHeadersEndHandler(v -> privatize(ctx.response().headers(), read));
  }

  /**
   * A write that said nothing (a route writing its own response, such as the import) is
   * {@code private, no-store}, as any other write of a route that is not open.
   */
  private static void privatize(MultiMap headers, boolean read) {
    String cache = headers.get("Cache-Control");
    if (cache == null) {
      headers.set("Cache-Control", read ? "private" : "private, no-store");
    } else if (!cache.contains("private")) {
      // A no-store answer too (the 404 of another caller's resource): it is this caller's.
      headers.set("Cache-Control", "private, " + cache.replace("public, ", "")
          .replace("public", "").trim());
    }
    Vary.add(headers, CREDENTIAL_VARY);
  }
}
