package dev.brisk;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;

/** Handle on a started app; closing undeploys the verticles (which drain) then closes clients. */
final class DefaultRunningBrisk implements RunningBrisk {

  private final BriskContext context;
  private final int port;
  private final FirstHeadWatch connections;
  private final Promise<Void> graceOver = Promise.promise();
  private Future<Void> closing;

  DefaultRunningBrisk(BriskContext context, int port, FirstHeadWatch connections) {
    this.context = context;
    this.port = port;
    this.connections = connections;
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

  /**
   * A second call ends the grace period now if it asks for none ({@code close()} during the
   * grace). A second SIGTERM or SIGINT makes none: the JVM runs its shutdown hooks once.
   */
  @Override
  public synchronized Future<Void> shutdown(Duration grace) {
    if (closing != null) {
      if (grace.isZero()) {
        graceOver.tryComplete();
      }
      return closing;
    }
    context.health().markShuttingDown();
    // Keep-alive clients move to new connections now, while this instance still accepts them.
    connections.closeAfterNextAnswers();
    if (grace.isZero() || grace.isNegative()) {
      graceOver.complete();
    } else {
      context.vertx().setTimer(grace.toMillis(), t -> graceOver.tryComplete());
    }
    closing = graceOver.future().transform(x -> drainAndClose());
    return closing;
  }

  private Future<Void> drainAndClose() {
    return Future.join(context.vertx().deploymentIDs().stream()
            .map(id -> context.vertx().undeploy(id)).toList())
        .transform(x -> context.cache().close())
        .transform(x -> Future.join(context.db().close(), context.redis().close()))
        .transform(x -> context.vertx().close())
        .onComplete(x -> Metrics.removeRegistry(context.registry()));
  }
}
