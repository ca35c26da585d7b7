package dev.brisk.fields;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * Runs one parameterized SQL statement; how SQL loaders reach the database.
 *
 * <p>{@code SqlRunner runner = (sql, params) -> pool.preparedQuery(sql).execute(params);}
 *
 * <p>Wrap it to count statements or share a connection or transaction. Called on the caller's
 * Vert.x context; must not block.
 */
@FunctionalInterface
public interface SqlRunner {
  /** Executes {@code sql} with {@code params} ({@code $1}...). */
  Future<RowSet<Row>> run(String sql, Tuple params);
}
