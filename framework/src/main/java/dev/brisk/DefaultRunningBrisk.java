package dev.brisk;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;

/** Handle on a started app; closing undeploys the verticles (which drain) then closes clients. */
final class DefaultRunningBrisk implements RunningBrisk {

  private final BriskContext context;
  private final int port;

  DefaultRunningBrisk(BriskContext context, int port) {
    this.context = context;
    this.port = port;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public BriskOptions options() {
    return context.options();
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
        .transform(x -> context.cache().close())
        .transform(x -> Future.join(context.db().close(), context.redis().close()))
        .transform(x -> context.vertx().close())
        .onComplete(x -> Metrics.removeRegistry(context.registry()));
  }
}
