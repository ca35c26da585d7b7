package dev.brisk.jmh;

import dev.brisk.db.Db;
import dev.brisk.db.DbOptions;
import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;
import dev.brisk.load.Cli;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Pipelined versus non-pipelined PostgreSQL access for a request that runs 20 independent reads
 * (a product page: the product, its category, stock, related products...).
 *
 * <p>Workload: {@code --concurrency} closed-loop "requests" on one event loop; each issues
 * {@code --queries} primary-key lookups on a 10,000-row table at once through {@link Db#query}
 * and completes when all have answered. Two {@link Db}s with the same pool size
 * ({@code --pool-size}) differ only in {@code pipeliningLimit}: 256 versus 1. They run in
 * alternating rounds of {@code --seconds} each (after one warm-up round each), side by side in
 * one JVM against the same server.
 *
 * <p>{@code --latency-us N} puts a TCP proxy in front of PostgreSQL that delays every chunk by
 * N microseconds in each direction, standing in for a database on another host (a same-region
 * round trip is typically 0.2-1 ms); 0 (the default) connects directly over loopback, where the
 * round trip costs CPU rather than waiting and the gain is bounded by the cores the app and
 * PostgreSQL share.
 *
 * <p>Metric: requests per second (and statements per second) per variant, and their ratio;
 * target: pipelined at least 3x.
 *
 * <p>Run: {@code ./mvnw -q -DskipTests package && java -cp jmh/target/benchmarks.jar
 * dev.brisk.jmh.PipeliningBenchmark [--pg-url postgresql://...] [--seconds 10]
 * [--latency-us 250]}; without a URL (and no {@code BRISK_PG_URL}) a throwaway PostgreSQL is
 * started by dev services.
 */
public final class PipeliningBenchmark {

  private static final String LOOKUP =
      "SELECT id, name, price_cents FROM brisk_bench_items WHERE id = $1";

  private PipeliningBenchmark() {
  }

  /** Runs the comparison; options as in the class comment. */
  public static void main(String[] args) throws Exception {
    Cli.run(args, Options.SYNTAX, cli -> Options.from(cli, System.getenv()),
        PipeliningBenchmark::measure);
  }

  /** Runs the comparison on a table of its own, dropped afterwards. Blocking; main thread. */
  static void measure(Options a) throws Exception {
    DevServices dev = a.pgUrl == null ? DevServices.start(DevServicesOptions.defaults()) : null;
    String url = a.pgUrl != null ? a.pgUrl : dev.pgUrl();
    Vertx vertx = Vertx.vertx();
    if (a.latencyMicros > 0) {
      url = await(LatencyProxy.start(vertx, url, a.latencyMicros));
    }
    Db pipelined = db(vertx, url, a.poolSize, 256);
    Db single = db(vertx, url, a.poolSize, 1);
    await(prepare(pipelined));
    System.out.printf(Locale.ROOT, "pool size %d, %d queries per request, concurrency %d, "
        + "%d s rounds, added latency %d us each way%n", a.poolSize, a.queries, a.concurrency,
        a.seconds, a.latencyMicros);
    try {
      compare(vertx.getOrCreateContext(), pipelined, single, a);
    } finally {
      // The database is usually the shop's: leave nothing of the benchmark in it.
      await(pipelined.query("DROP TABLE IF EXISTS brisk_bench_items"));
    }
    await(Future.join(pipelined.close(), single.close()));
    await(vertx.close());
    if (dev != null) {
      dev.close();
    }
  }

  /** Warms both up, runs alternating rounds and prints each round and the means. */
  private static void compare(Context context, Db pipelined, Db single, Options a)
      throws Exception {
    run(context, pipelined, a, 3);
    run(context, single, a, 3);
    double[] on = new double[a.rounds];
    double[] off = new double[a.rounds];
    for (int i = 0; i < a.rounds; i++) {
      on[i] = run(context, pipelined, a, a.seconds);
      off[i] = run(context, single, a, a.seconds);
      System.out.printf(Locale.ROOT, "round %d: pipelining 256: %,.0f req/s   pipelining 1: "
          + "%,.0f req/s%n", i + 1, on[i], off[i]);
    }
    double meanOn = mean(on);
    double meanOff = mean(off);
    System.out.printf(Locale.ROOT, "pipelining 256: %,.0f req/s (%,.0f statements/s)%n", meanOn,
        meanOn * a.queries);
    System.out.printf(Locale.ROOT, "pipelining 1:   %,.0f req/s (%,.0f statements/s)%n", meanOff,
        meanOff * a.queries);
    System.out.printf(Locale.ROOT, "speed-up: %.2fx%n", meanOn / meanOff);
  }

  private static Db db(Vertx vertx, String url, int poolSize, int pipelining) {
    return Db.create(vertx, DbOptions.fromUrl(url).withPoolSize(poolSize)
        .withPipeliningLimit(pipelining).withMaxWaitQueue(100_000)
        .withRegistry(new SimpleMeterRegistry()));
  }

  private static Future<?> prepare(Db db) {
    return db.query("CREATE TABLE IF NOT EXISTS brisk_bench_items (id int PRIMARY KEY, "
            + "name text NOT NULL, price_cents bigint NOT NULL)")
        .compose(r -> db.query("INSERT INTO brisk_bench_items SELECT g, 'item ' || g, g * 7 "
            + "FROM generate_series(1, 10000) g ON CONFLICT DO NOTHING"))
        .compose(r -> db.query("ANALYZE brisk_bench_items"));
  }

  /** Runs closed loops for {@code seconds}; returns completed requests per second. */
  private static double run(Context context, Db db, Options a, int seconds) throws Exception {
    return ClosedLoops.perSecond(context::runOnContext, a.concurrency, seconds,
        i -> request(db, a.queries));
  }

  private static Future<Void> request(Db db, int queries) {
    List<Future<RowSet<Row>>> reads = new ArrayList<>(queries);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < queries; i++) {
      reads.add(db.query(LOOKUP, Tuple.of(1 + random.nextInt(10_000))));
    }
    return Future.all(reads).mapEmpty();
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  /**
   * A TCP proxy to PostgreSQL that forwards each chunk after a fixed delay (in order, on the
   * connection's event loop), to emulate network latency between the app and the database.
   */
  static final class LatencyProxy {
    private LatencyProxy() {
    }

    /** Starts the proxy; completes with the URL to connect through it. */
    static Future<String> start(Vertx vertx, String url, long micros) {
      PgConnectOptions target = PgConnectOptions.fromUri(url);
      NetClient client = vertx.createNetClient();
      return vertx.createNetServer().connectHandler(in -> {
        in.pause();
        client.connect(target.getPort(), target.getHost()).onSuccess(out -> {
          forward(in, out, micros);
          forward(out, in, micros);
          in.resume();
        }).onFailure(e -> in.close());
      }).listen(0, "127.0.0.1").map(server -> "postgresql://" + target.getUser()
          + (target.getPassword() == null ? "" : ":" + target.getPassword())
          + "@127.0.0.1:" + server.actualPort() + "/" + target.getDatabase());
    }

    private static void forward(NetSocket from, NetSocket to, long micros) {
      EventLoop loop = ((ContextInternal) Vertx.currentContext()).nettyEventLoop();
      from.handler(buf -> loop.schedule(() -> {
        to.write(buf);
      }, micros, TimeUnit.MICROSECONDS));
      from.closeHandler(v -> loop.schedule(() -> {
        to.close();
      }, micros, TimeUnit.MICROSECONDS));
    }
  }

  /** Command-line settings; {@code pgUrl} null starts dev services. */
  record Options(String pgUrl, int seconds, int rounds, int concurrency, int queries,
      int poolSize, long latencyMicros) {
    static final String USAGE = String.join("\n",
        "java -cp jmh/target/benchmarks.jar dev.brisk.jmh.PipeliningBenchmark [options]",
        "  --pg-url URL       PostgreSQL (BRISK_PG_URL; else its own dev services)",
        "  --seconds N        length of each round (10)",
        "  --rounds N         interleaved rounds (3)",
        "  --concurrency N    requests in flight (64)",
        "  --queries N        independent reads per request (20)",
        "  --pool-size N      connections (4)",
        "  --latency-us N     added network latency per direction, through a proxy (0)");
    static final Cli.Syntax SYNTAX = new Cli.Syntax(USAGE, List.of("--pg-url", "--seconds",
        "--rounds", "--concurrency", "--queries", "--pool-size", "--latency-us"), List.of());

    static Options from(Cli cli, Map<String, String> env) {
      return new Options(cli.get("--pg-url", env.get("BRISK_PG_URL")),
          cli.getInt("--seconds", 10), cli.getInt("--rounds", 3), cli.getClients("--concurrency", 64),
          cli.getInt("--queries", 20), cli.getInt("--pool-size", 4),
          cli.getLong("--latency-us", 0, 0, Long.MAX_VALUE));
    }
  }
}
