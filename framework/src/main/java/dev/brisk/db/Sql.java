package dev.brisk.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Runs prepared SQL statements; every statement is counted for the request's
 * {@code Server-Timing}, timed in {@code brisk.db.query} and bounded by the request deadline.
 *
 * <p>{@code sql.query("SELECT name FROM products WHERE id = $1", Tuple.of(id))}
 *
 * <p>Call from the request's Vert.x context; completions run on that context.
 */
public interface Sql {

  /** Runs one prepared statement. */
  Future<RowSet<Row>> query(String sql, Tuple params);

  /** Runs one prepared statement with no parameters. */
  default Future<RowSet<Row>> query(String sql) {
    return query(sql, Tuple.tuple());
  }

  /** Runs one statement once per parameter tuple in a single round trip (bulk writes). */
  Future<RowSet<Row>> batch(String sql, List<Tuple> batch);
}
