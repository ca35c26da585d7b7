package dev.brisk.jmh;

import dev.brisk.Brisk;
import dev.brisk.BriskConfig;
import dev.brisk.BriskOptions;
import dev.brisk.RunningBrisk;
import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;
import dev.brisk.load.Cli;
import dev.brisk.shop.ShopApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The two-level cache and version-derived ETags, side by side in one JVM on the same stores:
 * the shop started twice in-process, once with {@code BRISK_CACHE=off}.
 *
 * <p>Workloads, each a closed loop of {@code --concurrency} requests over HTTP/1.1 keep-alive
 * ({@code X-API-Key: demo-internal}), ids drawn in turn from the first {@code --ids}:
 * <ul>
 *   <li>{@code orders}: {@code GET /api/orders/{id}?fields=id,user(name),items(quantity,
 *       product(name,category(name)))}, cache on versus off; target: on at least 5x.</li>
 *   <li>{@code 304 vs 200}: {@code GET /api/products/{id}} with and without a matching
 *       {@code If-None-Match}, on the cache-off app (the 304 reads one row version and encodes
 *       nothing) and on the cached app; target: 304 at least 3x the 200 with caching off.</li>
 * </ul>
 * Every order is read once on the cached app first (steady state: all hits); variants then run
 * in alternating rounds of {@code --seconds} after one warm-up round each.
 *
 * <p>Metric: requests per second per variant and their ratios. The client shares the JVM and
 * the cores with both apps, PostgreSQL and Redis, so absolute figures are low; compare ratios.
 *
 * <p>Run: {@code ./mvnw -q -DskipTests package && java -cp jmh/target/benchmarks.jar
 * dev.brisk.jmh.CacheBenchmark [--seconds 10] [--rounds 3] [--concurrency 32] [--ids 1000]}
 * with {@code BRISK_PG_URL} and {@code BRISK_REDIS_URL}, or without them for throwaway stores
 * from dev services.
 */
public final class CacheBenchmark {

  static final String ORDER_FIELDS = "id,user(name),items(quantity,product(name,category(name)))";

  private CacheBenchmark() {
  }

  /** Runs the comparison; options as in the class comment. Exits 1 when it failed. */
  public static void main(String[] args) {
    int status = 0;
    try {
      Cli.run(args, SYNTAX, Options::from, CacheBenchmark::run);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    // The in-process apps' and dev services' threads would keep the JVM running.
    System.exit(status);
  }

  /** Command-line settings. */
  record Options(int seconds, int rounds, int concurrency, int ids) {
    static Options from(Cli cli) {
      return new Options(cli.getInt("--seconds", 10), cli.getInt("--rounds", 3),
          cli.getClients("--concurrency", 32), cli.getInt("--ids", 1000));
    }
  }

  private static void run(Options options) throws Exception {
    int concurrency = options.concurrency();
    int ids = options.ids();
    String pg = System.getenv("BRISK_PG_URL");
    DevServices dev = pg == null ? DevServices.start(DevServicesOptions.defaults()) : null;
    Map<String, String> stores = dev != null ? dev.settings()
        : Map.of("pg-url", pg, "redis-url", System.getenv("BRISK_REDIS_URL"));
    RunningBrisk on = start(stores, "on");
    RunningBrisk off = start(stores, "off");
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1"), new PoolOptions().setHttp1MaxSize(concurrency));
    Bench bench = new Bench(vertx, client, concurrency, options.seconds());
    List<String> etags = etags(client, off.port(), ids);
    LongFunction<String> order = i -> "/api/orders/" + (1 + i % ids) + "?fields=" + ORDER_FIELDS;
    LongFunction<String> product = i -> "/api/products/" + (1 + i % ids);
    prime(client, on.port(), order, ids);
    bench.compare(options.rounds(), List.of(
        new Variant("orders, cache on", on.port(), order, null),
        new Variant("orders, cache off", off.port(), order, null)));
    printCacheMeters(on);
    bench.compare(options.rounds(), List.of(
        new Variant("product 200, cache off", off.port(), product, null),
        new Variant("product 304, cache off", off.port(), product, etags),
        new Variant("product 200, cache on", on.port(), product, null),
        new Variant("product 304, cache on", on.port(), product, etags)));
    printCacheMeters(on);
    await(vertx.close());
    await(Future.join(on.close(), off.close()));
    if (dev != null) {
      dev.close();
    }
  }

  private static RunningBrisk start(Map<String, String> stores, String cache) {
    Map<String, String> settings = new HashMap<>();
    stores.forEach((k, v) -> settings.put(k.startsWith("BRISK_")
        ? k.substring(6).toLowerCase(Locale.ROOT).replace('_', '-') : k, v));
    // The closed loop keeps `concurrency` requests in flight on purpose: the adaptive limit would
    // shed some as overload, and this measures the cache, not the limiter.
    settings.putAll(Map.of("port", "0", "host", "127.0.0.1", "instances", "1", "cache", cache,
        "concurrency-limit", "off"));
    BriskConfig config = BriskConfig.of(settings);
    return await(Brisk.start(BriskOptions.from(config), config, ShopApp::new));
  }

  /** Hits by level, misses and loads so far on the cached app, to confirm what was measured. */
  private static void printCacheMeters(RunningBrisk app) {
    StringBuilder line = new StringBuilder("cache meters:");
    app.context().registry().find("brisk.cache.hits").counters().forEach(c -> line.append(' ')
        .append(c.getId().getTag("resource")).append(" hits ").append(c.getId().getTag("level"))
        .append('=').append((long) c.count()));
    app.context().registry().find("brisk.cache.misses").counters().forEach(c -> line.append(' ')
        .append(c.getId().getTag("resource")).append(" misses=").append((long) c.count()));
    System.out.println(line);
  }

  /** Reads every order once on the cached app, so its rounds measure the steady state. */
  private static void prime(WebClient client, int port, LongFunction<String> uri, int ids) {
    for (int i = 0; i < ids; i++) {
      await(client.get(port, "127.0.0.1", uri.apply(i)).putHeader("X-API-Key", "demo-internal")
          .send());
    }
  }

  /** The ETag of each product id, for the 304 variants. */
  private static List<String> etags(WebClient client, int port, int ids) {
    List<String> etags = new ArrayList<>();
    for (int i = 0; i < ids; i++) {
      etags.add(await(client.get(port, "127.0.0.1", "/api/products/" + (1 + i)).send())
          .getHeader("ETag"));
    }
    return etags;
  }

  /** One workload: a target app, the URI of request {@code i} and, for 304s, the ETags. */
  record Variant(String name, int port, LongFunction<String> uri, List<String> etags) {

    HttpRequest<Buffer> request(WebClient client, long i) {
      HttpRequest<Buffer> r = client.get(port, "127.0.0.1", uri.apply(i))
          .putHeader("X-API-Key", "demo-internal");
      return etags == null ? r : r.putHeader("If-None-Match", etags.get((int) (i % etags.size())));
    }
  }

  /** Closed loops against one variant at a time. */
  record Bench(Vertx vertx, WebClient client, int concurrency, int seconds) {

    void compare(int rounds, List<Variant> variants) throws Exception {
      double[] sums = new double[variants.size()];
      for (Variant v : variants) {
        run(v, Math.min(3, seconds));
      }
      for (int r = 1; r <= rounds; r++) {
        StringBuilder line = new StringBuilder("round " + r + ":");
        for (int i = 0; i < variants.size(); i++) {
          double rate = run(variants.get(i), seconds);
          sums[i] += rate;
          line.append(String.format(Locale.ROOT, "  %s %,.0f req/s", variants.get(i).name(),
              rate));
        }
        System.out.println(line);
      }
      for (int i = 0; i < variants.size(); i++) {
        System.out.printf(Locale.ROOT, "%-24s %,10.0f req/s  %.2fx the first%n",
            variants.get(i).name(), sums[i] / rounds, sums[i] / sums[0]);
      }
    }

    /** Requests per second over {@code secs} of closed loops; fails on any unexpected status. */
    double run(Variant v, int secs) throws Exception {
      int expected = v.etags() == null ? 200 : 304;
      return ClosedLoops.perSecond(vertx::runOnContext, concurrency, secs,
          i -> v.request(client, i).send().compose(r -> r.statusCode() == expected
              ? Future.succeededFuture()
              : Future.failedFuture(v.name() + ": status " + r.statusCode() + " "
                  + r.bodyAsString())));
    }
  }

  private static final String USAGE = String.join("\n",
      "java -cp jmh/target/benchmarks.jar dev.brisk.jmh.CacheBenchmark [options]",
      "  --seconds N       length of each round (10)",
      "  --rounds N        interleaved rounds per workload (3)",
      "  --concurrency N   requests in flight (32)",
      "  --ids N           distinct ids read (1000)",
      "Starts its own dev services unless BRISK_PG_URL and BRISK_REDIS_URL are set.");
  static final Cli.Syntax SYNTAX = new Cli.Syntax(USAGE,
      List.of("--seconds", "--rounds", "--concurrency", "--ids"), List.of());

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
