package dev.brisk.load;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Outage containment: {@code GET /api/products/{id}/shipping-quote} and
 * {@code GET /api/products/{id}} under open-model load at the same time, first with a healthy
 * carrier, then with the carrier down, then answering in 3 s. Metrics per phase: quote p99 and
 * stale share, product throughput and p99; the targets are quote p99 at most 1 s and product
 * throughput at least 0.95x of the healthy phase (the outage stays contained). Before measuring
 * it waits until each quoted product answers fresh (breaker closed, last good quotes in Redis)
 * and runs a healthy warm-up of {@code --warmup} (default 10 s).
 *
 * <p>Against a running shop (its {@code Dev services:} line prints {@code BRISK_CARRIER_URL}):
 * {@code java -cp jmh/target/benchmarks.jar dev.brisk.load.OutageBench --url
 * http://127.0.0.1:8080 --carrier-url http://127.0.0.1:PORT --duration 20s --get-rate 1000
 * --quote-rate 200}. Blocks the main thread; restores a healthy carrier at the end.
 */
public final class OutageBench {

  private static final List<String> PHASES = List.of("healthy", "down", "latency 3 s");
  private static final List<String> FAULTS = List.of(
      "{\"down\": false, \"latency_ms\": 0, \"error_rate\": 0}",
      "{\"down\": true, \"latency_ms\": 0}",
      "{\"down\": false, \"latency_ms\": 3000}");

  private static final int QUOTED = 50;

  private static final String USAGE = String.join("\n",
      "java -cp jmh/target/benchmarks.jar dev.brisk.load.OutageBench --carrier-url URL [options]",
      "  --url http://127.0.0.1:8080   the running sample app",
      "  --carrier-url URL             its fake carrier (the app's BRISK_CARRIER_URL); required",
      "  --duration 20s  --warmup 10s  each phase; the healthy warm-up",
      "  --get-rate 1000  --quote-rate 200  --products 1000  (open model, requests/s)");

  static final Cli.Syntax SYNTAX = new Cli.Syntax(USAGE, List.of("--url", "--carrier-url",
      "--duration", "--get-rate", "--quote-rate", "--products", "--warmup"), List.of());

  private OutageBench() {
  }

  /** Runs the benchmark; options as in the usage ({@code --help}). */
  public static void main(String[] args) throws Exception {
    Cli.run(args, SYNTAX, Options::from, OutageBench::run);
  }

  /** Command-line settings. */
  record Options(URI url, URI carrier, Duration duration, long getRate, long quoteRate,
      long products, Duration warmup) {
    static Options from(Cli cli) {
      return new Options(cli.getUrl("--url", "http://127.0.0.1:8080"),
          cli.requireUrl("--carrier-url"), cli.getDuration("--duration", "20s"),
          cli.getLong("--get-rate", 1000), cli.getLong("--quote-rate", 200),
          cli.getLong("--products", 1000), cli.getDuration("--warmup", "10s"));
    }
  }

  private static void run(Options options) throws Exception {
    String carrier = options.carrier().toString();
    Vertx vertx = Vertx.vertx();
    WebClient admin = WebClient.create(vertx);
    System.out.println("| carrier | quote p99 ms | quotes ok/s | product gets/s | vs healthy "
        + "| product p99 ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    double healthy = 0;
    try {
      setFaults(admin, carrier, FAULTS.get(0));
      prime(admin, options.url());
      runBoth(options, options.warmup());
      for (int phase = 0; phase < PHASES.size(); phase++) {
        setFaults(admin, carrier, FAULTS.get(phase));
        RunResult[] r = runBoth(options, options.duration());
        healthy = phase == 0 ? r[0].okThroughput() : healthy;
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.2fx | %.1f |%n",
            PHASES.get(phase), r[1].percentileMillis(99), r[1].okThroughput(),
            r[0].okThroughput(), r[0].okThroughput() / healthy, r[0].percentileMillis(99));
      }
    } finally {
      try {
        setFaults(admin, carrier, FAULTS.get(0));
      } catch (Exception e) {
        // Must not replace the run's own failure, nor skip closing Vert.x (its threads would
        // keep the JVM running).
        System.err.println("could not restore a healthy carrier at " + carrier + ": " + e);
      } finally {
        admin.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Waits until every quoted product answers fresh: the breaker is closed (it may still be open
   * from an earlier run) and Redis holds a last good quote for each.
   */
  private static void prime(WebClient admin, URI url) throws Exception {
    for (int product = 1; product <= QUOTED; product++) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!fresh(admin, url, product)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no fresh quote for product " + product);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }

  private static boolean fresh(WebClient admin, URI url, int product) throws Exception {
    JsonObject quote = admin.get(url.getPort(), url.getHost(), "/api/products/" + product
        + "/shipping-quote").send().toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS).bodyAsJsonObject();
    return quote != null && Boolean.FALSE.equals(quote.getBoolean("stale"));
  }

  /** Product gets and quotes at once, each from its own client and pacing thread. */
  private static RunResult[] runBoth(Options options, Duration duration) throws Exception {
    URI url = options.url();
    long products = options.products();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-API-Key", "demo-internal");
    Scenario get = Scenario.of("get", "one product", options.getRate(), Set.of(200),
        seq -> RequestSpec.get("/api/products/" + (1 + Math.floorMod(seq * 7919, products)),
            headers));
    // 200 fresh or stale both count; a 503 (no last good quote yet) counts as an error.
    Scenario quote = Scenario.of("shipping-quote", "a quote per product", options.quoteRate(),
        Set.of(200), seq -> RequestSpec.get("/api/products/"
            + (1 + Math.floorMod(seq, QUOTED)) + "/shipping-quote", headers));
    CompletableFuture<RunResult> quotes = CompletableFuture.supplyAsync(
        () -> run(url, quote, options.quoteRate(), duration));
    RunResult gets = run(url, get, options.getRate(), duration);
    return new RunResult[] {gets, quotes.get()};
  }

  private static RunResult run(URI url, Scenario scenario, long rate, Duration duration) {
    try (LoadClient client = LoadClient.create(url, 64, Duration.ofSeconds(10))) {
      return new OpenLoadGenerator(client, System::nanoTime, 20_000, Duration.ofSeconds(15))
          .run("brisk", scenario, rate, duration);
    }
  }

  private static void setFaults(WebClient admin, String carrier, String faults) throws Exception {
    JsonObject now = admin.putAbs(carrier + "/faults").sendBuffer(Buffer.buffer(faults))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsJsonObject();
    if (now == null || !now.containsKey("down")) {
      throw new IllegalStateException("not a fake carrier at " + carrier + ": " + now);
    }
  }

}
