package dev.brisk.db;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestPg;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request deadline's cancel request on a transaction's connection: it never reaches the next
 * user of that connection (TransactionRun).
 */
class TransactionCancelTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  /**
   * The deadline passes just after the transaction's statement has ended: the cancel request is
   * sent while nothing runs and reaches the backend later, after the ROLLBACK, while the next
   * user of that (only) connection runs its statement, which used to fail with query_canceled.
   */
  @Test
  void a_cancel_that_lands_late_never_reaches_the_next_user_of_the_connection() {
    Db one = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(1)
        .withRegistry(new SimpleMeterRegistry()));
    List<String> hit = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
        RequestScope scope = new RequestScope("late-cancel-" + i, 5_000_000_000L,
            System::nanoTime);
        scope.bind(request);
        AtomicReference<Future<RowSet<Row>>> next = new AtomicReference<>();
        Throwable deadline = awaitFailure(TestPg.on(request, () -> one.inTransaction(tx -> tx
            .query("SELECT 1")
            .map(rows -> {
              // Queued for the connection, this runs as soon as the ROLLBACK has.
              next.set(one.pool().query("SELECT pg_sleep(0.3)").execute());
              scope.expire();
              return rows;
            }))));

        assertThat(deadline).isInstanceOf(Problem.class);
        assertThat(((Problem) deadline).status()).isEqualTo(504);
        AsyncResult<RowSet<Row>> after = await(next.get().transform(Future::succeededFuture));
        if (after.failed()) {
          hit.add(i + ": " + after.cause());
        }
        RowSet<Row> again = await(one.inTransaction(tx -> tx.query("SELECT 1")));
        assertThat(again.size()).isEqualTo(1);
      }
    } finally {
      await(one.close());
    }
    assertThat(hit).as("statements after a deadline's cancel that failed").isEmpty();
  }

  /** A cancel that cancelled the running statement was consumed: the backend is kept. */
  @Test
  void a_cancel_that_cancelled_the_statement_keeps_the_connection() {
    Db one = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(1)
        .withRegistry(new SimpleMeterRegistry()));
    try {
      String pid = "SELECT pg_backend_pid()";
      int before = await(one.inTransaction(tx -> tx.query(pid))).iterator().next().getInteger(0);
      ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
      RequestScope scope = new RequestScope("cancelled", 5_000_000_000L, System::nanoTime);
      scope.bind(request);

      Throwable deadline = awaitFailure(TestPg.on(request, () -> {
        vertx.setTimer(200, t -> request.runOnContext(v -> scope.expire()));
        return one.inTransaction(tx -> tx.query("SELECT pg_sleep(5)"));
      }));

      assertThat(((Problem) deadline).detail()).contains("SQL statement was cancelled");
      assertThat(await(one.inTransaction(tx -> tx.query(pid))).iterator().next().getInteger(0))
          .isEqualTo(before);
    } finally {
      await(one.close());
    }
  }

  /**
   * A query_canceled that came no sooner than the statement_timeout may have been that timeout,
   * with the deadline's cancel still on its way: it does not show the cancel landed, and the
   * backend is ended. Here the cancel reached the backend while it was idle (ignored there), and
   * the next statement ran into the timeout.
   */
  @Test
  void a_statement_timeout_after_the_cancel_does_not_count_as_the_cancel() {
    Db one = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(1)
        .withStatementTimeout(Duration.ofMillis(300)).withRegistry(new SimpleMeterRegistry()));
    try {
      String pid = "SELECT pg_backend_pid()";
      int before = await(one.inTransaction(tx -> tx.query(pid))).iterator().next().getInteger(0);
      ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
      RequestScope scope = new RequestScope("timed-out", 5_000_000_000L, System::nanoTime);
      scope.bind(request);

      Throwable deadline = awaitFailure(TestPg.on(request, () -> one.inTransaction(tx -> tx
          .query("SELECT 1")
          .compose(rows -> {
            scope.expire();
            // Long enough for the cancel to arrive while the backend idles, even on a busy box.
            return vertx.timer(1000, TimeUnit.MILLISECONDS);
          })
          .compose(t -> tx.query("SELECT pg_sleep(1)")))));

      assertThat(((Problem) deadline).status()).isEqualTo(504);
      assertThat(await(one.inTransaction(tx -> tx.query(pid))).iterator().next().getInteger(0))
          .isNotEqualTo(before);
    } finally {
      await(one.close());
    }
  }
}
