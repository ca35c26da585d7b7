package dev.brisk.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;

/**
 * Runs prepared SQL statements: the one SQL runner type of Brisk, taken by batch functions
 * ({@code SqlBatchFn}), embed loaders and resource readers. The {@link Db} and its transactions
 * count every statement for the request's {@code Server-Timing}, time it in
 * {@code brisk.db.query} and bound it by the request deadline; {@link #of(SqlClient)} runs
 * statements on any Vert.x client without that.
 *
 * <p>{@code sql.query("SELECT name FROM products WHERE id = $1", Tuple.of(id))}
 *
 * <p>Call from the request's Vert.x context; completions run on that context.
 */
public interface Sql {

  /**
   * Statements run directly on a Vert.x SQL client or pool (no meters, no request deadline), for
   * code outside a Brisk app and for tests: {@code Sql.of(pool)}.
   */
  static Sql of(SqlClient client) {
    return new PlainSql(Objects.requireNonNull(client, "client"));
  }

  /** Runs one prepared statement. */
  Future<RowSet<Row>> query(String sql, Tuple params);

  /** Runs one prepared statement with no parameters. */
  default Future<RowSet<Row>> query(String sql) {
    return query(sql, Tuple.tuple());
  }

  /** Runs one statement once per parameter tuple in a single round trip (bulk writes). */
  Future<RowSet<Row>> batch(String sql, List<Tuple> batch);
}
