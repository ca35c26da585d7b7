package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Pipelined client for independent statements, plain pool for transactions. */
final class DefaultDb implements Db {

  private final DbOptions options;
  private final SqlClient pipelined;
  private final Pool pool;
  private final QueryMeters meters;

  DefaultDb(Vertx vertx, DbOptions options) {
    this.options = options;
    PgConnectOptions connect = connectOptions(options);
    PoolOptions poolOptions = new PoolOptions()
        .setMaxSize(options.poolSize())
        .setMaxWaitQueueSize(options.maxWaitQueue())
        .setName("brisk-pg");
    this.pool = PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build();
    PgConnectOptions pipelinedConnect = new PgConnectOptions(connect)
        .setPipeliningLimit(options.pipeliningLimit());
    this.pipelined = PgBuilder.client()
        .with(new PoolOptions(poolOptions).setName("brisk-pg-pipelined"))
        .connectingTo(pipelinedConnect)
        .using(vertx)
        .build();
    this.meters = new QueryMeters(options.registry());
  }

  static PgConnectOptions connectOptions(DbOptions options) {
    PgConnectOptions connect = PgConnectOptions.fromUri(options.url());
    connect.setCachePreparedStatements(true);
    connect.setPreparedStatementCacheMaxSize(512);
    connect.addProperty("statement_timeout",
        Long.toString(options.statementTimeout().toMillis()));
    connect.addProperty("application_name", "brisk");
    return connect;
  }

  @Override
  public Future<RowSet<Row>> query(String sql, Tuple params) {
    return timed(sql, pipelined.preparedQuery(sql).execute(params));
  }

  @Override
  public Future<RowSet<Row>> batch(String sql, List<Tuple> batch) {
    return timed(sql, pipelined.preparedQuery(sql).executeBatch(batch));
  }

  @Override
  public <T> Future<T> inTransaction(Function<Sql, Future<T>> work) {
    RequestScope scope = RequestScope.current();
    if (scope != null && scope.isExpired()) {
      return Future.failedFuture(Problem.gatewayTimeout("Request deadline passed"));
    }
    return pool.withTransaction(conn -> {
      Runnable unregister = scope == null ? () -> { } : scope.onExpire(() -> cancel(conn));
      return work.apply(new ConnectionSql(conn)).andThen(ar -> unregister.run());
    });
  }

  private static void cancel(SqlConnection conn) {
    if (conn instanceof PgConnection pg) {
      pg.cancelRequest();
    }
  }

  <T> Future<T> timed(String sql, Future<T> result) {
    RequestScope scope = RequestScope.current();
    long start = System.nanoTime();
    return result.andThen(ar -> {
      long nanos = System.nanoTime() - start;
      if (scope != null) {
        scope.recordQuery(nanos);
      }
      Timer timer = meters.timer(sql, ar.succeeded());
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }).recover(DbErrors::translate);
  }

  @Override
  public Pool pool() {
    return pool;
  }

  @Override
  public DbOptions options() {
    return options;
  }

  @Override
  public Future<Void> close() {
    return Future.join(pipelined.close(), pool.close()).mapEmpty();
  }

  /** Statements on one transaction's connection. */
  private final class ConnectionSql implements Sql {
    private final SqlConnection conn;

    ConnectionSql(SqlConnection conn) {
      this.conn = conn;
    }

    @Override
    public Future<RowSet<Row>> query(String sql, Tuple params) {
      return timed(sql, conn.preparedQuery(sql).execute(params));
    }

    @Override
    public Future<RowSet<Row>> batch(String sql, List<Tuple> batch) {
      return timed(sql, conn.preparedQuery(sql).executeBatch(batch));
    }
  }
}
