package dev.brisk.db;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.awaitFailure;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import dev.brisk.test.TestPg;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bounded wait queues, pressure, pipelining and statement timeouts on a real PostgreSQL. */
class DbPoolTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  void overflowing_wait_queue_fails_fast_with_503_and_pressure_shows_the_queue() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Db db = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(1).withMaxWaitQueue(1)
        .withRegistry(registry));
    Promise<Void> hold = Promise.promise();
    Future<Void> first = db.inTransaction(tx -> tx.query("SELECT 1").compose(r -> hold.future()));
    eventually("one connection in use", () -> db.pressure().inUse() == 1);
    Future<RowSet<Row>> second = db.inTransaction(tx -> tx.query("SELECT 2"));
    eventually("one waiter", () -> db.pressure().waiting() == 1);
    assertThat(db.pressure().isSaturated()).isTrue();
    assertThat(registry.get("brisk.db.pool.waiting").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("brisk.db.pool.in_use").gauge().value()).isEqualTo(1.0);

    Throwable third = awaitFailure(db.inTransaction(tx -> tx.query("SELECT 3")));

    assertThat(third).isInstanceOf(Problem.class);
    Problem problem = (Problem) third;
    assertThat(problem.status()).isEqualTo(503);
    assertThat(problem.headers()).containsEntry("Retry-After", "1");
    assertThat(registry.get("brisk.db.pool.rejected").counter().count()).isEqualTo(1.0);
    hold.complete();
    await(first);
    assertThat(await(second).iterator().next().getInteger(0)).isEqualTo(2);
    eventually("pool idle", () -> db.pressure().inUse() == 0 && db.pressure().waiting() == 0);
    await(db.close());
  }

  @Test
  void statements_run_with_generic_plans_unless_configured_otherwise() {
    Db generic = Db.create(vertx, DbOptions.fromUrl(TestPg.url())
        .withRegistry(new SimpleMeterRegistry()));
    Db auto = Db.create(vertx, DbOptions.fromUrl(TestPg.url())
        .withPlanCacheMode(PlanCacheMode.AUTO).withRegistry(new SimpleMeterRegistry()));
    String show = "SHOW plan_cache_mode";

    assertThat(await(generic.query(show)).iterator().next().getString(0))
        .isEqualTo("force_generic_plan");
    assertThat(await(generic.inTransaction(tx -> tx.query(show))).iterator().next()
        .getString(0)).isEqualTo("force_generic_plan");
    assertThat(await(auto.query(show)).iterator().next().getString(0)).isEqualTo("auto");
    await(generic.close());
    await(auto.close());
  }

  @Test
  void independent_reads_pipeline_on_one_connection_without_waiting() {
    Db db = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(1)
        .withPipeliningLimit(256).withMaxWaitQueue(0).withRegistry(new SimpleMeterRegistry()));
    await(db.query("SELECT 1"));
    int[] inFlight = new int[1];
    List<RowSet<Row>> results = await(TestPg.on(vertx.getOrCreateContext(), () -> {
      List<Future<RowSet<Row>>> reads = twentyReads(db);
      inFlight[0] = db.pressure().pipelinedInFlight();
      return Future.all(reads).map(all -> all.<RowSet<Row>>list());
    }));
    Set<Integer> backends = new HashSet<>();
    results.forEach(rows -> backends.add(rows.iterator().next().getInteger("pid")));
    assertThat(inFlight[0]).isEqualTo(20);
    assertThat(backends).hasSize(1);
    await(db.close());
  }

  @Test
  void by_default_a_burst_of_reads_spreads_over_several_backends() {
    // 20 reads at 8 per connection: at least three connections, so PostgreSQL runs them on
    // several backends (with vertx-sql-client's 256 they all sat on one).
    Db db = Db.create(vertx, DbOptions.fromUrl(TestPg.url())
        .withRegistry(new SimpleMeterRegistry()));
    await(db.query("SELECT 1"));
    // Each read holds its backend for 50 ms, so the first connection cannot drain its 8 before
    // the pool has opened more for the other 12.
    List<RowSet<Row>> results = await(TestPg.on(vertx.getOrCreateContext(), () -> {
      List<Future<RowSet<Row>>> reads = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        reads.add(db.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.05)::text AS slept"));
      }
      return Future.all(reads).map(all -> all.<RowSet<Row>>list());
    }));
    Set<Integer> backends = new HashSet<>();
    results.forEach(rows -> backends.add(rows.iterator().next().getInteger("pid")));
    assertThat(DbOptions.fromUrl(TestPg.url()).pipeliningLimit())
        .isEqualTo(DbOptions.DEFAULT_PIPELINING_LIMIT).isEqualTo(8);
    assertThat(backends).hasSizeGreaterThanOrEqualTo(3);
    await(db.close());
  }

  @Test
  void without_pipelining_the_same_reads_overflow_a_short_wait_queue() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Db db = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(1)
        .withPipeliningLimit(1).withMaxWaitQueue(0).withRegistry(registry));
    await(db.query("SELECT 1"));
    List<Future<RowSet<Row>>> reads = await(TestPg.on(vertx.getOrCreateContext(),
        () -> Future.succeededFuture(twentyReads(db))));
    await(Future.join(reads).otherwiseEmpty());
    long rejected = reads.stream().filter(f -> f.failed()
        && f.cause() instanceof Problem p && p.status() == 503).count();
    assertThat(rejected).isEqualTo(19);
    assertThat(registry.get("brisk.db.pool.rejected").counter().count()).isEqualTo(19.0);
    await(db.close());
  }

  @Test
  void statement_timeout_is_a_504_problem_and_counted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Db db = Db.create(vertx, DbOptions.fromUrl(TestPg.url())
        .withStatementTimeout(Duration.ofMillis(200)).withRegistry(registry));

    Throwable failure = awaitFailure(db.query("SELECT pg_sleep(5)"));

    assertThat(failure).isInstanceOf(Problem.class);
    assertThat(((Problem) failure).status()).isEqualTo(504);
    assertThat(registry.get("brisk.db.timeouts").tag("cause", "statement_timeout").counter()
        .count()).isEqualTo(1.0);
    await(db.close());
  }

  private static List<Future<RowSet<Row>>> twentyReads(Db db) {
    List<Future<RowSet<Row>>> reads = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      reads.add(db.query("SELECT pg_backend_pid() AS pid, $1::int AS n", Tuple.of(i)));
    }
    return reads;
  }
}
