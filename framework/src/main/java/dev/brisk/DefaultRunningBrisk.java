package dev.brisk;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Handle on a started app; closing undeploys the verticles (which drain) then closes clients. */
final class DefaultRunningBrisk implements RunningBrisk {

  private final BriskContext context;
  private final int port;
  private Future<Void> closing;

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
    return shutdown(Duration.ZERO);
  }

  @Override
  public synchronized Future<Void> shutdown(Duration grace) {
    if (closing != null) {
      return closing;
    }
    context.health().markShuttingDown();
    closing = (grace.isZero() || grace.isNegative() ? Future.<Void>succeededFuture()
        : context.vertx().timer(grace.toMillis(), TimeUnit.MILLISECONDS).<Void>mapEmpty())
        .transform(x -> drainAndClose());
    return closing;
  }

  private Future<Void> drainAndClose() {
    return Future.join(context.vertx().deploymentIDs().stream()
            .map(id -> context.vertx().undeploy(id)).toList())
        .transform(x -> Future.join(context.db().close(), context.redis().close()))
        .transform(x -> context.vertx().close())
        .onComplete(x -> Metrics.removeRegistry(context.registry()));
  }
}
