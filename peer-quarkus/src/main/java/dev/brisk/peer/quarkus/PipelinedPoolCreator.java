package dev.brisk.peer.quarkus;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the datasource's pool as a pipelined client, the way Brisk's {@code Db} and the raw
 * baseline use it. Quarkus's default pool ({@code PgDriver.createPool}) sends one statement per
 * connection at a time, so {@code quarkus.datasource.reactive.postgresql.pipelining-limit} alone
 * never pipelines independent requests; the Quarkus guide's hook for that is a
 * {@link PgPoolCreator} bean. Called once at start-up, on the main thread.
 */
@Singleton
public class PipelinedPoolCreator implements PgPoolCreator {

  /** Same as Brisk's Db and the baseline (Vert.x's default is 256). */
  static final int STATEMENT_CACHE_SIZE = 512;

  /** Quarkus's pool options and connect options (from application.properties), pipelined. */
  @Override
  public Pool create(Input input) {
    List<SqlConnectOptions> servers = new ArrayList<>();
    for (PgConnectOptions o : input.pgConnectOptionsList()) {
      servers.add(o.setPreparedStatementCacheMaxSize(STATEMENT_CACHE_SIZE));
    }
    // PgBuilder.client() builds the pipelined PgPool implementation but types it as SqlClient;
    // Quarkus needs the Pool it is.
    return (Pool) PgBuilder.client().with(input.poolOptions()).connectingTo(servers)
        .using(input.vertx()).build();
  }
}
