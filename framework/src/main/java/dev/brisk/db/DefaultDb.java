package dev.brisk.db;

import dev.brisk.internal.RequestScope;
import dev.brisk.internal.ThrottledLog;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipelined clients (primary and replicas) for independent statements, a plain primary pool for
 * transactions, and a separate primary pool for cursors, so streams never starve writes.
 */
final class DefaultDb implements Db {

  private static final Logger LOG = LoggerFactory.getLogger(Db.class);
  private static final ThrottledLog UNREACHABLE = new ThrottledLog(LOG, Duration.ofSeconds(10),
      System::nanoTime);
  /** Failures of a held connection that no statement receives (its backend ended, a reset). */
  private static final ThrottledLog CONNECTION_FAILED = new ThrottledLog(LOG,
      Duration.ofMinutes(1), System::nanoTime);
  /** What a hot standby answers when it cancels a read that conflicts with replay. */
  private static final String RECOVERY_CONFLICT = "40001";
  /** Consecutive connection failures that open the breaker. */
  private static final int BREAKER_THRESHOLD = 3;
  /** How long an unused stream-pool (or ping) connection stays open. */
  private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofMinutes(1);
  /** Pings that may wait for the ping connection; more fail at once (the primary is stuck). */
  private static final int PING_WAITERS = 4;
  /** How long {@link #terminate} waits for the ended backend's connection to close. */
  private static final Duration TERMINATED_CLOSE_WAIT = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final DbOptions options;
  private final SqlClient pipelined;
  private final List<SqlClient> replicas = new ArrayList<>();
  private final Pool pool;
  private final Pool streamPool;
  /** One connection for {@link #ping}: no statement of the app is ever ahead of it. */
  private final Pool pingPool;
  private final AtomicInteger streamsInUse = new AtomicInteger();
  private final Meter streamGauge;
  private final QueryMeters meters;
  private final PoolTracker tracker;
  private final ReplicaSet replicaSet;
  private final ReadRouting routing;
  private final Sql primaryView;
  private final DbBreaker breaker;

  DefaultDb(Vertx vertx, DbOptions options, Redis marks, LongSupplier nanoClock) {
    this.vertx = vertx;
    this.options = options;
    this.breaker = new DbBreaker(BREAKER_THRESHOLD, options.connectTimeout(), System::nanoTime);
    PoolOptions poolOptions = new PoolOptions()
        .setMaxSize(options.poolSize())
        .setMaxWaitQueueSize(options.maxWaitQueue())
        // Connections are opened on the event loops in turn, not on the loop that happened to
        // ask first: the startup's statements (migrations, a dataset) would otherwise leave
        // most connections on one loop, and every statement of the other loops' requests
        // would cross threads twice. Each loop still leases its own connections first.
        .setEventLoopSize(options.eventLoops())
        .setName("brisk-pg");
    this.pool = PgBuilder.pool().with(poolOptions).connectingTo(connectOptions(options.url(),
        options)).with(netOptions(options)).using(vertx).build();
    // Sized like the stream cap but mostly idle: connections open on demand and close after
    // a minute unused, so a burst of exports does not keep its backends.
    this.streamPool = PgBuilder.pool()
        .with(new PoolOptions(poolOptions).setMaxSize(options.streamPoolSize())
            .setIdleTimeout((int) STREAM_IDLE_TIMEOUT.toSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setName("brisk-pg-streams"))
        .connectingTo(connectOptions(options.url(), options)).with(netOptions(options))
        .using(vertx).build();
    this.pingPool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(PING_WAITERS)
            .setIdleTimeout((int) STREAM_IDLE_TIMEOUT.toSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setName("brisk-pg-ping"))
        .connectingTo(connectOptions(options.url(), options)).with(netOptions(options))
        .using(vertx).build();
    this.streamGauge = Gauge.builder("brisk.db.stream_pool.in_use", streamsInUse,
            AtomicInteger::get)
        .description("Connections of the stream pool held by cursors")
        .strongReference(true).register(options.registry());
    this.pipelined = pipelinedClient(vertx, options.url(), poolOptions, "brisk-pg-pipelined");
    for (int i = 0; i < options.replicaUrls().size(); i++) {
      replicas.add(pipelinedClient(vertx, options.replicaUrls().get(i), poolOptions,
          "brisk-pg-replica-" + i));
    }
    this.meters = new QueryMeters(options.registry());
    this.tracker = new PoolTracker(options);
    this.replicaSet = new ReplicaSet(vertx, pipelined, replicas, options.replicaUrls(),
        options.replicas(), options.registry(), nanoClock);
    this.routing = new ReadRouting(replicaSet, new WriteMarks(marks,
        options.replicas().readYourWrites(), nanoClock));
    this.primaryView = new ClientSql(pipelined);
    replicaSet.start();
  }

  private SqlClient pipelinedClient(Vertx vertx, String url, PoolOptions poolOptions,
      String name) {
    PgConnectOptions connect = connectOptions(url, options)
        .setPipeliningLimit(options.pipeliningLimit());
    return PgBuilder.client()
        .with(new PoolOptions(poolOptions).setName(name))
        .connectingTo(connect)
        .with(netOptions(options))
        .withConnectHandler(connection -> {
          FlushCoalescing.install(connection, options.statementFlush());
          connection.close();
        })
        .using(vertx)
        .build();
  }

  private static NetClientOptions netOptions(DbOptions options) {
    return new NetClientOptions().setConnectTimeout((int) options.connectTimeout().toMillis());
  }

  static PgConnectOptions connectOptions(String url, DbOptions options) {
    PgConnectOptions connect = PgConnectOptions.fromUri(url);
    connect.setCachePreparedStatements(true);
    connect.setPreparedStatementCacheMaxSize(512);
    connect.addProperty("statement_timeout",
        Long.toString(options.statementTimeout().toMillis()));
    connect.addProperty("plan_cache_mode", options.planCacheMode().setting());
    connect.addProperty("application_name", "brisk");
    return connect;
  }

  @Override
  public Future<RowSet<Row>> query(String sql, Tuple params) {
    if (!routing.hasReplicas()) {
      return pipelined(sql, noteWrite(sql, () -> pipelined.preparedQuery(sql).execute(params)));
    }
    if (!routing.isPlainRead(sql)) {
      return write(sql, () -> pipelined.preparedQuery(sql).execute(params));
    }
    return routing.replicaForRead().compose(replica -> replica == null
        ? pipelined(sql, () -> pipelined.preparedQuery(sql).execute(params))
        : onReplica(replica, sql, params));
  }

  private Future<RowSet<Row>> onReplica(ReplicaSet.Replica replica, String sql, Tuple params) {
    // Replicas are outside the primary's breaker: their failures fall back to the primary.
    tracker.statementStart();
    Future<RowSet<Row>> result = measured(sql, replica.client().preparedQuery(sql)
        .execute(params)).andThen(ar -> tracker.statementEnd());
    // A replica that cannot be reached (or is shutting down, or cancelled the read in a
    // recovery conflict) must not fail reads the primary can serve.
    return result.recover(e -> {
      boolean conflict = e instanceof PgException pg && RECOVERY_CONFLICT.equals(pg.getSqlState());
      if (!conflict && (DbErrors.isPoolOverflow(e)
          || e instanceof PgException && !DbErrors.isConnectionFailure(e))) {
        return translate(e);
      }
      if (!conflict) {
        replica.state().markDown(e);
      }
      replicaSet.countFallback(ReplicaSet.ERROR);
      return pipelined(sql, () -> pipelined.preparedQuery(sql).execute(params));
    });
  }

  /** A write on the primary: later reads of the request and of its caller see it. */
  private Future<RowSet<Row>> write(String sql, Supplier<Future<RowSet<Row>>> statement) {
    routing.stickToPrimary();
    return pipelined(sql, noteWrite(sql, statement))
        .compose(rows -> routing.recordWrite(pipelined).map(rows));
  }

  /**
   * {@code statement}, which once a statement that may write ended tells the request before its
   * result is handed on: that it changed data, unless PostgreSQL refused it or it was never sent
   * ({@link RequestScope#changed()}), and that the rows it remembered are forgotten
   * ({@link RequestScope#wrote()}). Wraps the statement itself: {@link #pipelined} translates a
   * refusal (a unique violation) into a {@code Problem} that no longer shows it.
   */
  private Supplier<Future<RowSet<Row>>> noteWrite(String sql,
      Supplier<Future<RowSet<Row>>> statement) {
    RequestScope scope = RequestScope.current();
    if (scope == null || routing.isPlainRead(sql)) {
      return statement;
    }
    return () -> statement.get().andThen(ar -> {
      Throwable e = ar.cause();
      if (ar.succeeded() || !(e instanceof PgException || DbErrors.isPoolOverflow(e)
          || DbErrors.isConnectWait(e))) {
        scope.changed();
      }
      scope.wrote();
    });
  }

  @Override
  public Future<RowSet<Row>> batch(String sql, List<Tuple> batch) {
    return write(sql, () -> pipelined.preparedQuery(sql).executeBatch(batch));
  }

  private Future<RowSet<Row>> pipelined(String sql, Supplier<Future<RowSet<Row>>> statement) {
    if (breaker.tryAcquire() == DbBreaker.Permit.REFUSED) {
      return Future.failedFuture(refused());
    }
    tracker.statementStart();
    RequestScope scope = RequestScope.current();
    long start = System.nanoTime();
    long scopeStart = started(scope);
    // One stage, not four (breaker, timer, translation, tracker): this runs for every statement.
    return statement.get().transform(ar -> {
      observe(ar);
      record(sql, scope, start, scopeStart, ar.succeeded());
      tracker.statementEnd();
      return ar.succeeded() ? Future.succeededFuture(ar.result()) : translate(ar.cause());
    });
  }

  /**
   * Logs what fails on a held connection outside any statement (once a minute per kind; the
   * statement or cursor using it fails too), which Vert.x would otherwise print to stderr.
   */
  private static SqlConnection logFailures(SqlConnection conn) {
    return conn.exceptionHandler(e -> CONNECTION_FAILED.warn("pg-connection "
        + e.getClass().getName(), "A PostgreSQL connection failed: {}", e));
  }

  /** Feeds the breaker: connection-level failures count, anything that reached the server not. */
  private <T> Future<T> observed(Future<T> call) {
    return call.andThen(this::observe);
  }

  private void observe(AsyncResult<?> ar) {
    if (ar.succeeded() || !DbErrors.isConnectionFailure(ar.cause())) {
      if (breaker.onSuccess()) {
        LOG.info("PostgreSQL reachable again; breaker closed");
      }
    } else {
      UNREACHABLE.warn("pg-unreachable " + ar.cause().getClass().getName(),
          "PostgreSQL unreachable: {}", ar.cause());
      if (breaker.onConnectionFailure()) {
        LOG.warn("PostgreSQL unreachable; breaker open: calls fail fast with 503 for {} ms "
            + "before a probe", options.connectTimeout().toMillis());
      }
    }
  }

  private Problem refused() {
    meters.rejected();
    return DbErrors.unreachable().withRetryAfter(breaker.retryAfter());
  }

  @Override
  public <T> Future<T> inTransaction(Function<Sql, Future<T>> work) {
    RequestScope scope = RequestScope.current();
    if (scope != null && scope.isExpired()) {
      return Future.failedFuture(Problem.gatewayTimeout("Request deadline passed"));
    }
    if (breaker.tryAcquire() == DbBreaker.Permit.REFUSED) {
      return Future.failedFuture(refused());
    }
    routing.stickToPrimary();
    tracker.waitStart();
    return observed(pool.getConnection()).map(DefaultDb::logFailures)
        .andThen(ar -> {
          if (ar.succeeded()) {
            tracker.acquired();
          } else {
            tracker.waitFailed();
          }
        })
        .recover(this::translate)
        .compose(conn -> TransactionRun.run(conn, scope, options.statementTimeout(),
                this::terminate, ConnectionSql::new, work)
            .andThen(ar -> tracker.released())
            .recover(this::translate))
        .compose(result -> routing.recordWrite(pipelined).map(result));
  }

  @Override
  public Future<RowCursor> cursor(String sql, Tuple params, CursorOptions cursorOptions) {
    RequestScope scope = RequestScope.current();
    if (scope != null && scope.isOver()) {
      return Future.failedFuture(Problem.gatewayTimeout("Request deadline passed"));
    }
    if (breaker.tryAcquire() == DbBreaker.Permit.REFUSED) {
      return Future.failedFuture(refused());
    }
    return observed(streamPool.getConnection()).map(DefaultDb::logFailures)
        .andThen(ar -> {
          if (ar.succeeded()) {
            streamsInUse.incrementAndGet();
          }
        })
        .recover(this::translate)
        .compose(conn -> PgRowCursor.open(conn, sql, params, cursorOptions, new CursorHooks(sql)));
  }

  /**
   * Sends PostgreSQL a cancel request for what {@code conn} runs; true when one was sent. It
   * reaches the backend later, through the postmaster: unless the statement it was aimed at
   * then fails with {@code query_canceled}, it may land on whatever the connection runs next,
   * so such a connection must be given back through {@link #terminate}.
   */
  static boolean cancel(SqlConnection conn) {
    if (conn instanceof PgConnection pg) {
      pg.cancelRequest();
      return true;
    }
    return false;
  }

  /**
   * Ends {@code conn}'s backend from another connection, waits (at most
   * {@link #TERMINATED_CLOSE_WAIT}) until {@code conn} has seen it close, then gives the dead
   * connection back (the pool drops it): a cancel request may still be on its way to that
   * backend, and would land on the next user's statement, or on a ROLLBACK and leave the
   * connection in an aborted transaction. Runs on the pipelined client, never on a pool a
   * transaction or cursor holds a connection of (on a saturated pool, or a pool of one, the
   * statement would wait for the very connection it is to end). Never fails.
   */
  Future<Void> terminate(PgConnection conn) {
    Promise<Void> closed = Promise.promise();
    // The close handler runs before the pool hears of the close: given back from within it, the
    // dead connection would go to the next waiter. The backend's FATAL "terminating connection"
    // arrives with no statement to fail.
    conn.closeHandler(v -> vertx.runOnContext(x -> closed.tryComplete()))
        .exceptionHandler(e -> { });
    return pipelined.preparedQuery("SELECT pg_terminate_backend($1)")
        .execute(Tuple.of(conn.processId()))
        .compose(rows -> {
          long timer = vertx.setTimer(TERMINATED_CLOSE_WAIT.toMillis(),
              t -> closed.tryComplete());
          return closed.future().andThen(x -> vertx.cancelTimer(timer));
        })
        .otherwiseEmpty()
        .transform(x -> conn.close().otherwiseEmpty());
  }

  <T> Future<T> timed(String sql, Future<T> result) {
    return measured(sql, result).recover(this::translate);
  }

  /**
   * Counts the statement into the request scope (as running until it answers) and its timer;
   * failures pass as they are.
   */
  private <T> Future<T> measured(String sql, Future<T> result) {
    RequestScope scope = RequestScope.current();
    long start = System.nanoTime();
    long scopeStart = started(scope);
    return result.andThen(ar -> record(sql, scope, start, scopeStart, ar.succeeded()));
  }

  /** Marks a statement as running in the request's scope; its start on the scope's clock. */
  private static long started(RequestScope scope) {
    if (scope == null) {
      return 0;
    }
    long start = scope.nanoTime();
    scope.queryStarted(start);
    return start;
  }

  private void record(String sql, RequestScope scope, long start, long scopeStart,
      boolean succeeded) {
    long nanos = System.nanoTime() - start;
    if (scope != null) {
      scope.queryFinished(scopeStart);
      scope.recordQuery(nanos);
    }
    meters.timer(sql, succeeded).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Counts timeouts and rejections, then maps the failure to a problem where one applies. */
  <T> Future<T> translate(Throwable failure) {
    if (DbErrors.isCancelled(failure)) {
      meters.timeout(DbErrors.isDeadline());
    } else if (DbErrors.isPoolOverflow(failure)) {
      meters.rejected();
    }
    return DbErrors.translate(failure);
  }

  @Override
  public Sql primary() {
    return primaryView;
  }

  @Override
  public DbPressure pressure() {
    return tracker.snapshot();
  }

  @Override
  public Pool pool() {
    return pool;
  }

  @Override
  public Future<Void> ping() {
    return pingPool.query("SELECT 1").execute().mapEmpty();
  }

  @Override
  public DbOptions options() {
    return options;
  }

  @Override
  public List<ReplicaStatus> replicas() {
    return replicaSet.statuses();
  }

  /** The replicas' health and poller; for tests that drive {@link ReplicaSet#check()}. */
  ReplicaSet replicaSet() {
    return replicaSet;
  }

  @Override
  public Future<Void> close() {
    tracker.close();
    replicaSet.close();
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(pipelined.close());
    closing.add(pool.close());
    closing.add(streamPool.close());
    closing.add(pingPool.close());
    options.registry().remove(streamGauge);
    replicas.forEach(r -> closing.add(r.close()));
    return Future.join(closing).mapEmpty();
  }

  /** What a cursor reports back: its statement count, timer, translation and release. */
  final class CursorHooks {
    private final String sql;
    private final long start = System.nanoTime();

    CursorHooks(String sql) {
      this.sql = sql;
    }

    <T> Future<T> translate(Throwable failure) {
      return DefaultDb.this.translate(failure);
    }

    /** {@link DefaultDb#terminate}: a cancel request may still be on its way to conn. */
    Future<Void> terminate(PgConnection conn) {
      return DefaultDb.this.terminate(conn);
    }

    /** The cursor ended ({@code success}, {@code error}, {@code closed}); connection is back. */
    void released(String outcome) {
      streamsInUse.decrementAndGet();
      meters.cursorTimer(sql, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** Statements on a pipelined client, always the same one. */
  private final class ClientSql implements Sql {
    private final SqlClient client;

    ClientSql(SqlClient client) {
      this.client = client;
    }

    @Override
    public Future<RowSet<Row>> query(String sql, Tuple params) {
      Supplier<Future<RowSet<Row>>> statement = () -> client.preparedQuery(sql).execute(params);
      // A write is noted as through Db.query, replicas or not (the request changed data).
      return routing.isPlainRead(sql) ? pipelined(sql, statement) : write(sql, statement);
    }

    @Override
    public Future<RowSet<Row>> batch(String sql, List<Tuple> batch) {
      return write(sql, () -> client.preparedQuery(sql).executeBatch(batch));
    }
  }

  /** Statements on one transaction's connection, watched by its run for the deadline's cancel. */
  private final class ConnectionSql implements Sql {
    private final SqlConnection conn;
    private final TransactionRun run;

    ConnectionSql(SqlConnection conn, TransactionRun run) {
      this.conn = conn;
      this.run = run;
    }

    @Override
    public Future<RowSet<Row>> query(String sql, Tuple params) {
      notePlain(sql);
      return timed(sql, run.watch(() -> conn.preparedQuery(sql).execute(params)));
    }

    @Override
    public Future<RowSet<Row>> batch(String sql, List<Tuple> batch) {
      notePlain(sql);
      return timed(sql, run.watch(() -> conn.preparedQuery(sql).executeBatch(batch)));
    }

    private void notePlain(String sql) {
      if (!routing.isPlainRead(sql)) {
        run.modifies();
      }
    }
  }
}
