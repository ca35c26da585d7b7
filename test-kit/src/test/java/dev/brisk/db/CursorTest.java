package dev.brisk.db;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.awaitFailure;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import dev.brisk.test.TestPg;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-side cursors: fetch in batches, own statement timeout, cancel on close, release. */
class CursorTest {

  private static Vertx vertx;
  private static Context context;
  private static Db db;
  private static SimpleMeterRegistry registry;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    registry = new SimpleMeterRegistry();
    // The pool's statement_timeout is short, as it is when set to the request deadline.
    db = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(2)
        .withStatementTimeout(Duration.ofMillis(300)).withRegistry(registry));
  }

  @AfterAll
  static void stop() {
    await(db.close());
    await(vertx.close());
  }

  /** Reads every row's first column on the cursor's context. */
  static Future<List<Long>> collect(Db db, Context context, String sql, CursorOptions options) {
    return TestPg.on(context, () -> db.cursor(sql, Tuple.tuple(), options).compose(cursor -> {
      Promise<List<Long>> done = Promise.promise();
      List<Long> values = new ArrayList<>();
      cursor.exceptionHandler(done::fail).endHandler(v -> done.complete(values))
          .handler(row -> values.add(row.getLong(0)));
      return done.future();
    }));
  }

  @Test
  void streams_every_row_in_fetch_sized_batches_and_releases_the_connection() throws Exception {
    List<Long> ids = await(collect(db, context, "SELECT g FROM generate_series(1, 2500) g",
        CursorOptions.defaults().withFetchSize(100)));

    assertThat(ids).hasSize(2500);
    assertThat(ids.get(0)).isEqualTo(1L);
    assertThat(ids.get(2499)).isEqualTo(2500L);
    eventually("connection released", () -> streamConnectionsInUse() == 0);
    assertThat(registry.get("brisk.db.cursor").tag("outcome", "success").timer().count())
        .isPositive();
  }

  @Test
  void paused_cursor_reads_one_batch_ahead_and_no_further() throws Exception {
    AtomicReference<RowCursor> opened = new AtomicReference<>();
    List<Long> ids = new ArrayList<>();
    Promise<Void> ended = Promise.promise();
    await(TestPg.on(context, () -> db.cursor("SELECT g::int8 FROM generate_series(1, 10000) g",
        Tuple.tuple(), CursorOptions.defaults().withFetchSize(100)).map(cursor -> {
          opened.set(cursor);
          cursor.exceptionHandler(ended::tryFail).endHandler(ended::tryComplete).handler(row -> {
            ids.add(row.getLong(0));
            if (ids.size() == 1) {
              cursor.pause();
            }
          });
          return cursor;
        })));
    RowCursor cursor = opened.get();

    // A cursor that failed (it would never fetch again) fails here with its cause.
    eventually("two batches fetched", () -> {
      throwIfFailed(ended);
      return fetchedOf(cursor) == 200;
    });
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(fetchedOf(cursor)).isEqualTo(200);
    assertThat(await(TestPg.on(context, () -> Future.succeededFuture(ids.size())))).isEqualTo(1);
    await(TestPg.on(context, () -> Future.succeededFuture(cursor.resume())));
    await(ended.future());
    assertThat(ids).hasSize(10_000);
    assertThat(ids.get(9_999)).isEqualTo(10_000L);
  }

  private static void throwIfFailed(Promise<Void> ended) {
    if (ended.future().failed()) {
      throw new AssertionError("the cursor failed", ended.future().cause());
    }
  }

  /** Reads the count on the cursor's context, where it is written. */
  private static long fetchedOf(RowCursor cursor) {
    return await(TestPg.on(context, () -> Future.succeededFuture(cursor.fetched())));
  }

  @Test
  void cursor_statement_timeout_replaces_the_short_pool_timeout() {
    String slowSecondRow = "SELECT g::int8 FROM generate_series(1, 3) g "
        + "WHERE g <> 2 OR pg_sleep(1) IS NOT NULL";

    List<Long> ids = await(collect(db, context, slowSecondRow,
        CursorOptions.defaults().withFetchSize(1)));
    Throwable tooSlow = awaitFailure(collect(db, context, slowSecondRow,
        CursorOptions.defaults().withFetchSize(1).withStatementTimeout(Duration.ofMillis(100))));

    assertThat(ids).containsExactly(1L, 2L, 3L);
    assertThat(tooSlow).isInstanceOf(Problem.class);
    assertThat(((Problem) tooSlow).status()).isEqualTo(504);
  }

  @Test
  void closing_while_a_fetch_runs_cancels_it_and_releases_the_connection() throws Exception {
    AtomicReference<RowCursor> opened = new AtomicReference<>();
    await(TestPg.on(context, () -> db.cursor(
            "SELECT g, pg_sleep(30) AS cursor_close_probe FROM generate_series(1, 5) g",
            Tuple.tuple(), CursorOptions.defaults())
        .map(cursor -> {
          cursor.handler(row -> { });
          opened.set(cursor);
          return cursor;
        })));
    eventually("probe query running", () -> activeProbes("active") == 1);

    await(TestPg.on(context, () -> opened.get().close()));

    eventually("probe query gone", () -> activeProbes("%") == 0);
    eventually("connection released", () -> streamConnectionsInUse() == 0);
  }

  @Test
  void cursors_read_through_their_own_pool_while_transactions_hold_every_connection() {
    Promise<Void> hold = Promise.promise();
    // Both transaction connections are taken and stay taken until the cursor has read.
    Future<Void> first = db.inTransaction(tx -> tx.query("SELECT 1").compose(r -> hold.future()));
    Future<Void> second = db.inTransaction(tx -> tx.query("SELECT 1").compose(r -> hold.future()));
    eventually("transactions hold the pool", () -> db.pressure().inUse() == 2);

    List<Long> ids = await(collect(db, context, "SELECT g FROM generate_series(1, 10) g",
        CursorOptions.defaults()));

    assertThat(ids).hasSize(10);
    assertThat(db.pressure().inUse()).as("transaction connections untouched").isEqualTo(2);
    hold.complete();
    await(first);
    await(second);
  }

  @Test
  void cursor_transaction_carries_idle_in_transaction_timeout() {
    AtomicReference<RowCursor> opened = new AtomicReference<>();
    await(TestPg.on(context, () -> db.cursor("SELECT current_setting("
            + "'idle_in_transaction_session_timeout') AS t", Tuple.tuple(),
            CursorOptions.defaults().withIdleInTransactionTimeout(Duration.ofSeconds(7)))
        .map(cursor -> {
          opened.set(cursor);
          return cursor;
        })));
    Promise<String> value = Promise.promise();
    await(TestPg.on(context, () -> {
      opened.get().endHandler(v -> { }).handler(row -> value.tryComplete(row.getString(0)));
      return Future.succeededFuture();
    }));

    assertThat(await(value.future())).isEqualTo("7s");
  }

  /**
   * Closed just after its first rows, a cursor's next fetch (read ahead) usually ends before the
   * cancel request reaches PostgreSQL: the cancel then lands later. On one stream connection,
   * it used to hit the cursor's ROLLBACK (the connection came back in an aborted transaction:
   * 25P02 for its next user) or the next cursor's own statements.
   */
  @Test
  void a_cancel_that_lands_late_never_reaches_the_next_cursor() {
    Db one = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(2)
        .withStreamPoolSize(1).withRegistry(new SimpleMeterRegistry()));
    try {
      for (int i = 0; i < 20; i++) {
        Promise<Void> closed = Promise.promise();
        await(TestPg.on(context, () -> one.cursor("SELECT g FROM generate_series(1, 100000) g",
            Tuple.tuple(), CursorOptions.defaults().withFetchSize(10)).map(cursor -> {
              cursor.handler(row -> cursor.close().onComplete(ar -> closed.tryComplete()));
              return cursor;
            })));
        await(closed.future());

        assertThat(await(collect(one, context, "SELECT g FROM generate_series(1, 30) g",
            CursorOptions.defaults().withFetchSize(10)))).as("cursor after close %d", i)
            .hasSize(30);
      }
    } finally {
      await(one.close());
    }
  }

  /**
   * A read that hit its own statement timeout ends with query_canceled too, and a cancel sent
   * after it may still land on the connection's next user: only a query_canceled sooner than
   * the timeout shows the close's cancel has landed. Here the event loop is busy while the read
   * times out, and the cursor is closed before it has seen that failure.
   */
  @Test
  void a_close_whose_read_already_timed_out_never_gives_back_the_connection() {
    Db one = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(2)
        .withStreamPoolSize(1).withRegistry(new SimpleMeterRegistry()));
    try {
      AtomicReference<RowCursor> opened = new AtomicReference<>();
      Promise<Long> firstBackend = Promise.promise();
      await(TestPg.on(context, () -> one.cursor("SELECT pg_backend_pid()::int8 "
              + "FROM generate_series(1, 2) g WHERE g = 1 OR pg_sleep(1) IS NOT NULL",
          Tuple.tuple(), CursorOptions.defaults().withFetchSize(1)
              .withStatementTimeout(Duration.ofMillis(200))).map(cursor -> {
                // The first row's batch taken, the second read (the slow row) is running.
                cursor.handler(row -> firstBackend.tryComplete(row.getLong(0)));
                opened.set(cursor);
                return cursor;
              })));
      long first = await(firstBackend.future());

      await(TestPg.on(context, () -> {
        // A busy event loop: the read's timeout arrives while this task runs.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        return opened.get().close();
      }));

      List<Long> next = await(collect(one, context, "SELECT pg_backend_pid()::int8",
          CursorOptions.defaults()));
      assertThat(next).hasSize(1);
      assertThat(next.get(0)).as("the next cursor's backend").isNotEqualTo(first);
    } finally {
      await(one.close());
    }
  }

  private static double streamConnectionsInUse() {
    return registry.get("brisk.db.stream_pool.in_use").gauge().value();
  }

  private static long activeProbes(String state) {
    return await(db.primary().query("SELECT count(*) FROM pg_stat_activity WHERE query LIKE "
        + "'%cursor_close_probe%' AND query NOT LIKE '%pg_stat_activity%' "
        + "AND state LIKE $1 AND state <> 'idle'", Tuple.of(state)))
        .iterator().next().getLong(0);
  }
}
