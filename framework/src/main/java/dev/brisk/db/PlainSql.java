package dev.brisk.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** Prepared statements straight on a Vert.x client: no meters, no deadline; see Sql#of. */
final class PlainSql implements Sql {
  private final SqlClient client;

  PlainSql(SqlClient client) {
    this.client = client;
  }

  @Override
  public Future<RowSet<Row>> query(String sql, Tuple params) {
    return client.preparedQuery(sql).execute(params);
  }

  @Override
  public Future<RowSet<Row>> batch(String sql, List<Tuple> batch) {
    return client.preparedQuery(sql).executeBatch(batch);
  }
}
