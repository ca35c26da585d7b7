package dev.brisk.http;

import io.vertx.core.Future;

/**
 * A started Brisk app.
 *
 * <p>{@code Brisk.start(config, ShopApp::new).compose(app -> ... app.close())}
 */
public interface RunningBrisk {

  /** The port the HTTP servers listen on. */
  int port();

  /** What the app's verticles share. */
  BriskContext context();

  /**
   * Stops gracefully: readiness turns DOWN, servers stop accepting and drain in-flight requests,
   * then the database and Redis clients and Vert.x close.
   */
  Future<Void> close();
}
