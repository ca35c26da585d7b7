package dev.brisk;

import io.vertx.core.Future;

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
   * Stops gracefully: readiness turns DOWN, servers stop accepting and drain in-flight requests,
   * then the database and Redis clients and Vert.x close. Completes when all of it is done.
   */
  Future<Void> close();
}
