package dev.brisk.bench;

import dev.brisk.load.Cli;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Request batching, side by side in one run against the shop (use the large dataset):
 * <ol>
 *   <li>nested embeds, 100 orders per page, Brisk's one-query-per-level
 *   {@code GET /api/orders?limit=100&fields=id,user(name),items(quantity,product(name,category(name)))}
 *   vs {@link NaiveOrdersServer} (same JSON, one query per row and relation) on the same
 *   database and pool size;</li>
 *   <li>{@code POST /api/batch} with 20 product lookups vs the same 20 lookups as separate
 *   keep-alive requests (counted in lookups per second).</li>
 * </ol>
 * Closed model, same concurrency for both sides; reports throughput and latency.
 *
 * <p>Run: {@code java -cp jmh/target/benchmarks.jar dev.brisk.bench.BatchingBench
 * --url http://127.0.0.1:8080 --pg-url "$BRISK_PG_URL"
 * [--seconds 15] [--concurrency 16]}
 */
public final class BatchingBench {

  static final String FIELDS =
      "fields=id,user(name),items(quantity,product(name,category(name)))";
  /** The unlimited tier: orders need a key, and anonymous callers are limited to 50/s. */
  static final String API_KEY = "demo-internal";

  private static final String USAGE = String.join("\n",
      "java -cp jmh/target/benchmarks.jar dev.brisk.bench.BatchingBench --pg-url URL [options]",
      "  --url http://127.0.0.1:8080   the running sample app (large dataset)",
      "  --pg-url URL                  its database (printed at startup); required",
      "  --seconds 15  --concurrency 16  each scenario's run; closed-loop clients",
      "  --naive-port 18099            where the one-query-per-row server listens");

  static final Cli.Syntax SYNTAX = new Cli.Syntax(USAGE,
      List.of("--url", "--pg-url", "--seconds", "--concurrency", "--naive-port"), List.of());

  private BatchingBench() {
  }

  /** Runs the benchmark; options as in the usage ({@code --help}). */
  public static void main(String[] args) throws Exception {
    Cli.run(args, SYNTAX, Options::from, BatchingBench::run);
  }

  /** Command-line settings. */
  record Options(URI url, String pgUrl, int seconds, int concurrency, int naivePort) {
    static Options from(Cli cli) {
      return new Options(cli.getUrl("--url", "http://127.0.0.1:8080"), cli.require("--pg-url"),
          cli.getInt("--seconds", 15), cli.getClients("--concurrency", 16),
          (int) cli.getLong("--naive-port", 18099, 1, 65535));
    }
  }

  private static void run(Options options) throws Exception {
    URI url = options.url();
    int concurrency = options.concurrency();
    int naivePort = options.naivePort();
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(16))
        .connectingTo(options.pgUrl()).using(vertx).build();
    await(NaiveOrdersServer.start(vertx, pool, naivePort));
    // Lookups draw ids the shop has (1,000,000 products on the large dataset, 1,000 on the
    // small): ids past the last were 404s on the small one.
    int products = await(pool.query("SELECT count(*) FROM products").execute()).iterator().next()
        .getInteger(0);
    if (products == 0) {
      throw new IllegalStateException("The database at --pg-url has no products: point it at "
          + "the shop's database");
    }
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(concurrency * 2));
    long warm = 5_000;
    long run = options.seconds() * 1000L;
    System.out.println("| scenario | ops/s | p50 ms | p99 ms | max ms | errors |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    ClosedLoop.Result brisk = ClosedLoop.run(vertx, concurrency, warm, run, () -> ok(
        shop(client, url, HttpMethod.GET, "/api/orders?limit=100&" + FIELDS).send()
            .map(r -> r.statusCode() == 200)));
    System.out.println(brisk.row("embeds: Brisk, one query per level (page of 100)"));
    ClosedLoop.Result naive = ClosedLoop.run(vertx, concurrency, warm, run, () -> ok(client
        .get(naivePort, "127.0.0.1", "/naive/orders").send().map(r -> r.statusCode() == 200)));
    System.out.println(naive.row("embeds: naive per-row queries (page of 100)"));
    ClosedLoop.Result batched = ClosedLoop.run(vertx, concurrency, warm, run,
        () -> ok(shop(client, url, HttpMethod.POST, "/api/batch")
            .sendJsonObject(batchOf20(products)).map(BatchingBench::allAnswered)));
    System.out.println(batched.row("lookups: POST /api/batch of 20 (ops = batches)"));
    ClosedLoop.Result separate = ClosedLoop.run(vertx, concurrency, warm, run,
        () -> ok(twentySeparate(client, url, products)));
    System.out.println(separate.row("lookups: 20 separate keep-alive requests (ops = groups of 20)"));
    System.out.printf(Locale.ROOT, "%nembeds: Brisk / naive throughput = %.1fx%n",
        brisk.opsPerSecond() / naive.opsPerSecond());
    System.out.printf(Locale.ROOT, "lookups: batch / separate throughput = %.1fx%n",
        batched.opsPerSecond() / separate.opsPerSecond());
    await(vertx.close());
  }

  private static JsonObject batchOf20(int products) {
    JsonArray requests = new JsonArray();
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 20; i++) {
      requests.add(new JsonObject().put("id", "p" + i).put("method", "GET")
          .put("path", "/api/products/" + (1 + r.nextInt(products)) + "?fields=name,price_cents"));
    }
    return new JsonObject().put("requests", requests);
  }

  private static Future<Boolean> twentySeparate(WebClient client, URI url, int products) {
    List<Future<Boolean>> all = new ArrayList<>();
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 20; i++) {
      all.add(shop(client, url, HttpMethod.GET, "/api/products/"
          + (1 + r.nextInt(products)) + "?fields=name,price_cents").send()
          .map(resp -> resp.statusCode() == 200));
    }
    return Future.all(all).map(x -> all.stream().allMatch(Future::result));
  }

  /**
   * Whether a batch and every one of its lookups answered 200, as each of the separate requests
   * must: a batch is answered 200 even when lookups in it fail.
   */
  static boolean allAnswered(HttpResponse<Buffer> batch) {
    return batch.statusCode() == 200 && batch.bodyAsJsonObject().getJsonArray("responses")
        .stream().allMatch(r -> ((JsonObject) r).getInteger("status") == 200);
  }

  /** A request to the shop at {@code url} as {@value #API_KEY}. */
  static HttpRequest<Buffer> shop(WebClient client, URI url, HttpMethod method, String uri) {
    return client.request(method, url.getPort(), url.getHost(), uri)
        .putHeader("X-API-Key", API_KEY);
  }

  private static Future<Boolean> ok(Future<Boolean> f) {
    return f.otherwise(false);
  }


  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
