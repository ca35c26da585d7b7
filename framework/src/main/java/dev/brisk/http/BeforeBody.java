package dev.brisk.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * A route's rate limit and access checks, marked a security policy so that vertx-web, which
 * orders a route's handlers by kind, runs them before its body handling: a caller refused (401,
 * 403, 429, 406) costs no body read. The body is held meanwhile ({@code HeldBody}); the checks
 * call {@code ctx.next()} to let it be read.
 */
final class BeforeBody implements SecurityPolicyHandler {

  private final Handler<RoutingContext> checks;

  BeforeBody(Handler<RoutingContext> checks) {
    this.checks = checks;
  }

  @Override
  public void handle(RoutingContext ctx) {
    checks.handle(ctx);
  }
}
