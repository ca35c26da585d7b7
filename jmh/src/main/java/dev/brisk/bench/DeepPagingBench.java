package dev.brisk.bench;

import dev.brisk.load.Cli;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Deep paging: cursor (keyset) pages vs the equivalent {@code OFFSET} query, same run, same
 * database. Walks {@code GET /api/products?sort=price_cents&limit=20} through its
 * {@code next_cursor} for {@code --pages} pages (default 5,000) timing every page, and at depth
 * checkpoints times the keyset SQL the API runs and the OFFSET SQL a naive API would run (median
 * of 15 each). The OFFSET query exists only here, as the baseline; Brisk never issues OFFSET.
 *
 * <p>Run against the shop on the large dataset:
 * {@code java -cp jmh/target/benchmarks.jar dev.brisk.bench.DeepPagingBench
 * --url http://127.0.0.1:8080 --pg-url "$BRISK_PG_URL"}
 * (both URLs are printed by the app at startup: {@code Dev services: ...}).
 */
public final class DeepPagingBench {

  private static final int[] DEPTHS = {1, 10, 100, 1000, 2500, 5000};
  private static final int LIMIT = 20;
  private static final int REPEAT = 15;
  /** The unlimited tier: the anonymous rate limit (50/s) would refuse the walk. */
  static final String API_KEY = "demo-internal";

  private static final String USAGE = String.join("\n",
      "java -cp jmh/target/benchmarks.jar dev.brisk.bench.DeepPagingBench --pg-url URL [options]",
      "  --url http://127.0.0.1:8080   the running sample app (large dataset)",
      "  --pg-url URL                  its database (printed at startup); required",
      "  --pages 5000                  pages to walk  --warmup 300  pages walked first");

  /** At most every page of the large dataset (1,000,000 products, 20 a page). */
  private static final int MAX_PAGES = 50_000;

  static final Cli.Syntax SYNTAX = new Cli.Syntax(USAGE,
      List.of("--url", "--pg-url", "--pages", "--warmup"), List.of());

  private DeepPagingBench() {
  }

  /** Runs the benchmark; options as in the usage ({@code --help}). */
  public static void main(String[] args) throws Exception {
    Cli.run(args, SYNTAX, Options::from, DeepPagingBench::run);
  }

  /** Command-line settings. */
  record Options(URI url, String pgUrl, int pages, int warmup) {
    static Options from(Cli cli) {
      return new Options(cli.getUrl("--url", "http://127.0.0.1:8080"), cli.require("--pg-url"),
          (int) cli.getLong("--pages", 5000, 1, MAX_PAGES),
          (int) cli.getLong("--warmup", 300, 1, MAX_PAGES));
    }
  }

  private static void run(Options options) throws Exception {
    int pages = options.pages();
    int warmup = options.warmup();
    Vertx vertx = Vertx.vertx();
    try {
      URI base = options.url();
      WebClient client = WebClient.create(vertx);
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
          .connectingTo(options.pgUrl()).using(vertx).build();
      walk(client, base, warmup, new double[warmup + 1], new long[warmup + 1][]);
      double[] pageMillis = new double[pages + 1];
      long[][] keys = new long[pages + 1][];
      pages = walk(client, base, pages, pageMillis, keys);
      System.out.println("| depth (page) | cursor page via HTTP, ms (median of 11 around) "
          + "| keyset SQL, ms | OFFSET SQL, ms | OFFSET / keyset |");
      System.out.println("|---:|---:|---:|---:|---:|");
      for (int depth : DEPTHS) {
        if (depth > pages) {
          continue;
        }
        double http = median(window(pageMillis, depth, pages));
        double keyset = timeSql(pool, "SELECT id, price_cents FROM products p WHERE "
            + "(p.price_cents, p.id) >= ($1, $2) ORDER BY p.price_cents, p.id LIMIT " + (LIMIT + 1),
            Tuple.of(keys[depth][0], keys[depth][1]));
        double offset = timeSql(pool, "SELECT id, price_cents FROM products p ORDER BY "
            + "p.price_cents, p.id LIMIT " + (LIMIT + 1) + " OFFSET $1",
            Tuple.of((long) (depth - 1) * LIMIT));
        System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.1fx |%n", depth, http,
            keyset, offset, offset / keyset);
      }
      await(pool.close());
    } finally {
      await(vertx.close());
    }
  }

  /**
   * Follows next_cursor for up to {@code pages} pages; returns how many pages there were. Fails
   * naming the page and its answer when one is not a 200.
   */
  static int walk(WebClient client, URI base, int pages, double[] pageMillis,
      long[][] keys) {
    String cursor = null;
    for (int page = 1; page <= pages; page++) {
      String uri = "/api/products?sort=price_cents&limit=" + LIMIT + "&fields=id,price_cents"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      long start = System.nanoTime();
      HttpResponse<Buffer> r = await(client.get(base.getPort(), base.getHost(), uri)
          .putHeader("X-API-Key", API_KEY).send());
      pageMillis[page] = (System.nanoTime() - start) / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("page " + page + " answered " + r.statusCode() + ": "
            + r.bodyAsString());
      }
      JsonObject body = r.bodyAsJsonObject();
      JsonObject first = body.getJsonArray("data").getJsonObject(0);
      keys[page] = new long[] {first.getLong("price_cents"), first.getLong("id")};
      cursor = body.getJsonObject("page").getString("next_cursor");
      if (cursor == null) {
        return page;
      }
    }
    return pages;
  }

  private static double timeSql(Pool pool, String sql, Tuple params) {
    double[] samples = new double[REPEAT];
    for (int i = 0; i < REPEAT; i++) {
      long start = System.nanoTime();
      List<Row> rows = new ArrayList<>();
      await(pool.preparedQuery(sql).execute(params)).forEach(rows::add);
      samples[i] = (System.nanoTime() - start) / 1e6;
      if (rows.isEmpty()) {
        throw new IllegalStateException("no rows for " + sql);
      }
    }
    return median(samples);
  }

  private static double[] window(double[] values, int center, int max) {
    int from = Math.max(1, center - 5);
    int to = Math.min(max, center + 5);
    return Arrays.copyOfRange(values, from, to + 1);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }


  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
