package dev.brisk.http;

import dev.brisk.auth.ApiKeyStore;
import dev.brisk.auth.AuthOptions;
import dev.brisk.auth.Authenticator;
import dev.brisk.throttle.Throttle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;

/** Routes over a fresh router, with no keys and no throttle, for tests of declarations. */
final class BareRoutes {

  private BareRoutes() {
  }

  static Routes on(Vertx vertx) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    return new Routes(Router.router(vertx), 1024, Duration.ofHours(1),
        Authenticator.create(vertx, ApiKeyStore.none(), AuthOptions.defaults(), registry),
        registry, Throttle.off(registry));
  }

  /** An endpoint answering 200 with an empty object. */
  static Endpoint ok() {
    return ctx -> Future.succeededFuture(Reply.ok(new JsonObject()));
  }
}
