package dev.brisk.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every statement, then runs it on a delegate: for tests that count queries. */
public final class RecordingSql implements Sql {
  private final Sql delegate;
  private final List<String> statements = new CopyOnWriteArrayList<>();
  private final List<Tuple> params = new CopyOnWriteArrayList<>();

  public RecordingSql(Sql delegate) {
    this.delegate = delegate;
  }

  @Override
  public Future<RowSet<Row>> query(String sql, Tuple tuple) {
    statements.add(sql);
    params.add(tuple);
    return delegate.query(sql, tuple);
  }

  @Override
  public Future<RowSet<Row>> batch(String sql, List<Tuple> batch) {
    statements.add(sql);
    params.addAll(batch);
    return delegate.batch(sql, batch);
  }

  /** The SQL of every statement so far, in order. */
  public List<String> statements() {
    return statements;
  }

  /** The parameters of every statement so far, in order. */
  public List<Tuple> params() {
    return params;
  }
}
