package dev.brisk.jmh;

import dev.brisk.load.Cli;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streaming export throughput against {@code psql \copy}, and the server's heap while it streams.
 *
 * <p>Workload: a running sample app (start it with {@code --dataset large}: 1,000,000 products,
 * ideally with {@code -Xmx64m}) streams {@code GET /api/products/export} as NDJSON (every product,
 * default fields, id order) to one Vert.x HTTP client that counts lines and bytes and discards
 * them. The reference is {@code psql -c "\copy (SELECT <the same columns> FROM products ORDER BY
 * id) TO STDOUT"} on the same database, read and discarded the same way. While the export runs the
 * client samples the app's {@code /metrics} every 250 ms for the heap in use
 * ({@code jvm_memory_used_bytes{area="heap"}}, summed over pools).
 *
 * <p>Metric: rows per second for each (best of {@code --runs}, after one warm-up export), their
 * ratio (target: the export at least 50% of psql) and the highest heap sample.
 *
 * <p>Run: {@code java -Xmx64m -jar sample-app/target/brisk-sample-app.jar --dataset large --port
 * 18080} (note the printed {@code BRISK_PG_URL}), then {@code java -cp jmh/target/benchmarks.jar
 * dev.brisk.jmh.StreamBenchmark --url http://127.0.0.1:18080 --pg-url postgresql://...}.
 */
public final class StreamBenchmark {

  private static final String USAGE = String.join("\n",
      "java -cp jmh/target/benchmarks.jar dev.brisk.jmh.StreamBenchmark [options]",
      "  --url http://127.0.0.1:18080  the running sample app (start it with --dataset large)",
      "  --pg-url postgresql://...     its database, for the psql \\copy reference (else env",
      "                                BRISK_PG_URL; without either psql is skipped)",
      "  --runs 3                      measured runs after one warm-up export (3)");

  private static final String COLUMNS = "id, sku, name, description, price_cents, stock, "
      + "category_id, created_at, updated_at";

  static final Cli.Syntax SYNTAX = new Cli.Syntax(USAGE, List.of("--url", "--pg-url", "--runs"),
      List.of());

  private StreamBenchmark() {
  }

  /** Runs the comparison; options as in the class comment. */
  public static void main(String[] args) throws Exception {
    Cli.run(args, SYNTAX, cli -> Options.from(cli, System.getenv()), StreamBenchmark::run);
  }

  /** Command-line settings; {@code pgUrl} null skips psql. */
  record Options(URI url, String pgUrl, int runs) {
    static Options from(Cli cli, Map<String, String> env) {
      return new Options(cli.getUrl("--url", "http://127.0.0.1:18080"),
          cli.get("--pg-url", env.get("BRISK_PG_URL")), cli.getInt("--runs", 3));
    }
  }

  private static void run(Options options) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      compare(vertx, options);
    } finally {
      // Vert.x threads are not daemons: without this a failed export left the JVM running.
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static void compare(Vertx vertx, Options options) throws Exception {
    String pgUrl = options.pgUrl();
    URI base = options.url();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()));
    double bestExport = 0;
    double bestPsql = 0;
    long heapMax = 0;
    // Warms up this client's JIT (and the server's) so the runs measure the server.
    System.out.println("warm-up: " + export(client));
    for (int run = 1; run <= options.runs(); run++) {
      HeapSampler heap = new HeapSampler(vertx, client);
      Result export = export(client);
      heapMax = Math.max(heapMax, heap.stop());
      Result psql = pgUrl == null ? null : psql(pgUrl);
      System.out.printf(Locale.ROOT, "run %d: export %s | psql %s | heap max %.1f MiB%n", run,
          export, psql, heap.max() / 1048576.0);
      bestExport = Math.max(bestExport, export.rowsPerSecond());
      bestPsql = psql == null ? 0 : Math.max(bestPsql, psql.rowsPerSecond());
    }
    System.out.printf(Locale.ROOT, "best export: %,.0f rows/s; best psql \\copy: %,.0f rows/s; "
        + "ratio %.0f%%; heap high-water %.1f MiB%n", bestExport, bestPsql,
        bestPsql == 0 ? 0 : 100 * bestExport / bestPsql, heapMax / 1048576.0);
    await(client.close());
  }

  /** Rows, bytes and seconds of one transfer. */
  record Result(long rows, long bytes, double seconds) {
    double rowsPerSecond() {
      return rows / seconds;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,d rows, %.0f MiB in %.2f s = %,.0f rows/s", rows,
          bytes / 1048576.0, seconds, rowsPerSecond());
    }
  }

  private static Result export(HttpClient client) throws Exception {
    AtomicLong rows = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long start = System.nanoTime();
    Promise<Void> done = Promise.promise();
    client.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setURI("/api/products/export").addHeader("Accept", "application/x-ndjson"))
        // Handlers are set in the send callback itself, before any chunk can arrive.
        .compose(req -> req.send().onSuccess(resp -> {
          if (resp.statusCode() != 200) {
            done.tryFail("export answered " + resp.statusCode());
          }
          resp.handler(buf -> {
            bytes.addAndGet(buf.length());
            rows.addAndGet(newlines(((BufferInternal) buf).getByteBuf()));
          }).endHandler(done::tryComplete).exceptionHandler(done::tryFail);
        }))
        .onFailure(done::tryFail);
    await(done.future());
    return new Result(rows.get(), bytes.get(), (System.nanoTime() - start) / 1e9);
  }

  private static Result psql(String pgUrl) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = new ProcessBuilder("psql", pgUrl, "-X", "-q", "-c",
        "\\copy (SELECT " + COLUMNS + " FROM products ORDER BY id) TO STDOUT")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    long rows = 0;
    long bytes = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = p.getInputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        bytes += n;
        rows += newlines(buf, n);
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("psql exited with " + p.exitValue());
    }
    return new Result(rows, bytes, (System.nanoTime() - start) / 1e9);
  }

  private static long newlines(ByteBuf buf) {
    long[] n = {0};
    buf.forEachByte(b -> {
      if (b == '\n') {
        n[0]++;
      }
      return true;
    });
    return n[0];
  }

  private static long newlines(byte[] bytes, int length) {
    long n = 0;
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Samples the app's heap in use from {@code /metrics} every 250 ms. */
  private static final class HeapSampler {
    private final Vertx vertx;
    private final long timer;
    private final AtomicLong max = new AtomicLong();

    HeapSampler(Vertx vertx, HttpClient client) {
      this.vertx = vertx;
      this.timer = vertx.setPeriodic(0, 250, id -> client.request(HttpMethod.GET, "/metrics")
          .compose(req -> req.send().compose(resp -> resp.body()))
          .onSuccess(body -> max.accumulateAndGet(heapUsed(body.toString()), Math::max)));
    }

    long stop() {
      vertx.cancelTimer(timer);
      return max.get();
    }

    long max() {
      return max.get();
    }

    private static long heapUsed(String metrics) {
      double sum = 0;
      for (String line : metrics.split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return (long) sum;
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
  }
}
