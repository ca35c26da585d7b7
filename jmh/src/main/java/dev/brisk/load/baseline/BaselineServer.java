package dev.brisk.load.baseline;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.PoolOptions;

/**
 * The raw vertx-web baseline the load harness compares Brisk against: a plain Router serving
 * {@code GET /api/products/{id}} and the {@code sort=price_cents} products page with the same SQL
 * Brisk runs, with no framework in between (no field masks, ETags, metrics, limits or signed
 * cursors), plus the nested orders page as one hand-written {@code json_agg} statement
 * ({@link NestedOrders}). {@code BaselineServer.start(vertx, BaselineOptions.defaults(pgUrl))};
 * started from any non-event-loop thread or verticle, handlers run on the deployed verticles'
 * event loops.
 */
public final class BaselineServer {

  private final Vertx vertx;
  private final SqlClient pool;
  private final String deploymentId;
  private final int port;

  private BaselineServer(Vertx vertx, SqlClient pool, String deploymentId, int port) {
    this.vertx = vertx;
    this.pool = pool;
    this.deploymentId = deploymentId;
    this.port = port;
  }

  /** Creates the pool and deploys {@code instances} HTTP verticles sharing one port. */
  public static Future<BaselineServer> start(Vertx vertx, BaselineOptions options) {
    // The same driver settings Brisk's Db uses (dev.brisk.db.DefaultDb): a pipelined pooled
    // client with cached prepared statements, so the comparison measures the framework only.
    PgConnectOptions connect = PgConnectOptions.fromUri(options.pgUrl())
        .setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(512)
        .setPipeliningLimit(options.pipeliningLimit());
    SqlClient pool = PgBuilder.client()
        .with(new PoolOptions().setMaxSize(options.poolSize()))
        .connectingTo(connect).using(vertx).build();
    int port = options.port() == 0 ? FreePort.find() : options.port();
    return vertx.deployVerticle(() -> new BaselineVerticle(pool, port),
            new DeploymentOptions().setInstances(options.instances()))
        .map(id -> new BaselineServer(vertx, pool, id, port))
        .onFailure(e -> pool.close());
  }

  /** The HTTP port the baseline listens on. */
  public int port() {
    return port;
  }

  /** Undeploys the verticles and closes the pool. */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId).eventually(() -> pool.close());
  }
}
