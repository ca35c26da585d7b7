package dev.brisk.http;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

/** Handle on a started app; closing undeploys the verticles (which drain) then closes clients. */
final class DefaultRunningBrisk implements RunningBrisk {

  private final BriskContext context;
  private final int port;
  private final MeterRegistry registry;

  DefaultRunningBrisk(BriskContext context, int port, MeterRegistry registry) {
    this.context = context;
    this.port = port;
    this.registry = registry;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public BriskContext context() {
    return context;
  }

  @Override
  public Future<Void> close() {
    context.health().markShuttingDown();
    return Future.join(context.vertx().deploymentIDs().stream()
            .map(id -> context.vertx().undeploy(id)).toList())
        .transform(x -> Future.join(context.db().close(), closeRedis()))
        .transform(x -> context.vertx().close())
        .onComplete(x -> Metrics.removeRegistry(registry));
  }

  private Future<Void> closeRedis() {
    context.redis().close();
    return Future.succeededFuture();
  }
}
