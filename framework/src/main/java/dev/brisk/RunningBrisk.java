package dev.brisk;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * A started Brisk app.
 *
 * <p>{@code Brisk.start(options, ShopApp::new).compose(app -> ... app.close())}
 */
public interface RunningBrisk {

  /** The port the HTTP servers listen on: the real one when started with port 0. */
  int port();

  /** The options it runs with. */
  BriskOptions options();

  /** What the app's verticles share. */
  BriskContext context();

  /**
   * Stops gracefully, with no grace period: {@link #shutdown shutdown(Duration.ZERO)}. Called
   * during a shutdown's grace period, it ends the grace period now.
   */
  Future<Void> close();

  /**
   * Stops gracefully: readiness answers 503 at once, new connections are still accepted for
   * {@code grace} (so a load balancer notices and stops sending), then the servers stop
   * accepting and drain in-flight requests for up to {@link BriskOptions#drainTimeout()}
   * (requests still running then get 503, streams their error frame), then the database and
   * Redis clients and Vert.x close. Completes when all of it is done. Non-blocking.
   *
   * <p>{@code running.shutdown(Duration.ofSeconds(2))}
   */
  Future<Void> shutdown(Duration grace);
}
