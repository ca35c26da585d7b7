package dev.brisk.load;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The throttle's benchmarks (docs/throttling.md, docs/benchmarks.md), each against freshly
 * started sample-app processes:
 * <ul>
 *   <li>{@code overload}: find the peak of the nested orders page (open model, p99 within
 *       {@code --slo-p99}), measure p99 at 0.5x peak, offer {@code --factor} x peak for
 *       {@code --overload}, then 0.5x peak in 1-s steps until p99 is back within 2x: goodput,
 *       admitted p99 (as the client saw it and inside the server), shed count and recovery
 *       time, concurrency limit on vs off ({@code --limiters});</li>
 *   <li>{@code tiers}: {@code --factor} x the page's peak offered by four tiers at once:
 *       internal callers at half the peak (a rate the instance can serve alone), the rest split
 *       evenly over free and pro (the same page) and anonymous callers (uncached catalog pages,
 *       {@link #anonymousCatalogPage}), rate limits raised out of the way so only shedding acts:
 *       each tier's share of its offered rate served;</li>
 *   <li>{@code cost}: closed-model throughput (wrk, {@code --rounds} interleaved rounds, ratio
 *       of medians) of {@code GET /api/products/{id}} as tier pro with a budget that never
 *       binds: throttle off vs per-instance buckets vs Redis buckets with and without local
 *       allowances vs everything on, all five running side by side; then each paired with
 *       off, the two driven at the same moment, for a per-round ratio free of drift.</li>
 * </ul>
 * {@code java -cp jmh/target/benchmarks.jar dev.brisk.load.OverloadMain --parts all
 * --overload 60s --duration 20s}. Blocks the main thread; prints a Markdown report.
 */
public final class OverloadMain {

  static final String NESTED = "/api/orders?limit=100&fields=" + StandardScenarios.NESTED_FIELDS;
  /**
   * What anonymous callers offer in the mixed-tier part: the orders page needs an API key (an
   * admitted anonymous request would be a cheap 401), so they read uncached catalog pages of 100
   * with categories; each request's {@code max_price_cents} lies above every price, so every
   * URL (and cache key) is new while the rows are the same.
   */
  static String anonymousCatalogPage(long seq) {
    return "/api/products?limit=100&fields=id,name,price_cents,category(name)&max_price_cents="
        + (10_000_000L + seq);
  }

  static final String HIGH_LIMITS = "anonymous=1000000/s:1000000;free=1000000/s:1000000;"
      + "pro=1000000/s:1000000;internal=unlimited";
  static final List<String> PARTS = List.of("overload", "tiers", "cost");
  static final String USAGE = String.join("\n",
      "java -cp jmh/target/benchmarks.jar dev.brisk.load.OverloadMain [options]",
      "  --parts all|overload,tiers,cost  which parts to run (all)",
      "  --overload 60s              time at the overload rate (60s)",
      "  --factor 4                  overload rate as a multiple of the measured peak (4)",
      "  --overload-connections 1024 client connections of the overload runs (1024)",
      "  --limiters on,off           overload runs with the concurrency limit on, off or both",
      "plus these of LoadMain's options (its others are refused: every part starts its own",
      "apps with the settings it needs, so --url, --scenarios, --compare ... cannot apply):",
      "  --dataset small|large       dataset the apps load (small)",
      "  --duration 20s              each measured step (20s)",
      "  --warmup 10s                closed-model warm-up (10s)",
      "  --connections 64            connections of the warm-ups and the cost rounds (64)",
      "  --rounds 3                  interleaved wrk rounds of the cost part (3)",
      "  --slo-p99 100ms             p99 bound of the peak search (100ms)",
      "  --brisk-cache on|off        the apps' data cache (on)",
      "  --app-jar PATH  --pg-url postgresql://...  --jvm-args \"-Xmx2g\"  --logs DIR",
      "  --max-in-flight 20000  --timeout 10s");
  /** LoadMain options that OverloadMain applies; the others would be silently ignored. */
  static final List<String> LOAD_OPTIONS = List.of("--dataset", "--duration", "--warmup",
      "--connections", "--rounds", "--slo-p99", "--brisk-cache", "--app-jar", "--pg-url",
      "--jvm-args", "--logs", "--max-in-flight", "--timeout");
  static final Cli.Syntax SYNTAX = new Cli.Syntax(USAGE, Stream.concat(Stream.of("--parts",
      "--overload", "--factor", "--overload-connections", "--limiters"), LOAD_OPTIONS.stream())
      .toList(), List.of());
  static final List<String> TIER_KEYS = List.of("", "demo-free", "demo-pro", "demo-internal");

  private final LoadOptions options;
  private final Duration overload;
  private final double factor;
  private final int overloadConnections;
  private final List<String> limiters;
  private long peak;
  private final List<String> report = new ArrayList<>();

  private OverloadMain(Options o) {
    this.options = o.load();
    this.overload = o.overload();
    this.factor = o.factor();
    this.overloadConnections = o.overloadConnections();
    this.limiters = o.limiters();
  }

  /**
   * {@code --parts overload,tiers,cost|all --overload 60s --factor 4 --overload-connections 1024
   * --limiters on,off}
   * plus LoadMain's options. Overload runs need many connections: a server never sees more
   * concurrent requests than the client has connections, and excess queued in the client is
   * invisible to its concurrency limit (as with a few clients, not with many).
   */
  public static void main(String[] args) throws Exception {
    Cli.run(args, SYNTAX, cli -> Options.from(cli, System.getenv()), OverloadMain::runParts);
  }

  /**
   * Command-line settings.
   *
   * @param load LoadMain's options; those OverloadMain does not take (such as {@code --compare}
   *     or {@code --docs}) keep their defaults, and no part reads them
   * @param parts the parts to run
   * @param overload time at the overload rate
   * @param factor overload rate as a multiple of the peak
   * @param overloadConnections client connections of the overload runs
   * @param limiters the overload runs' concurrency-limit settings, {@code on} and/or {@code off}
   */
  record Options(LoadOptions load, Set<String> parts, Duration overload, double factor,
      int overloadConnections, List<String> limiters) {
    static Options from(Cli cli, Map<String, String> env) {
      return new Options(LoadOptions.from(cli, env),
          "all".equals(cli.get("--parts", "all")) ? Set.copyOf(PARTS)
              : Set.copyOf(cli.getList("--parts", "all", PARTS)),
          cli.getDuration("--overload", "60s"), cli.getDouble("--factor", 4),
          cli.getClients("--overload-connections", 1024),
          cli.getList("--limiters", "on,off", List.of("on", "off")));
    }
  }

  private static void runParts(Options o) throws InterruptedException {
    OverloadMain main = new OverloadMain(o);
    for (String part : PARTS) {
      if (o.parts().contains(part)) {
        main.run(part);
      }
    }
    System.out.println();
    main.report.forEach(System.out::println);
    System.exit(0);
  }

  /**
   * Answers that are neither served nor shed, by status ({@code 401 x 17981}): an anonymous
   * caller admitted to the nested page, which needs an API key, is answered 401.
   */
  static String others(RunResult r) {
    List<String> parts = new ArrayList<>();
    r.statuses().forEach((status, count) -> {
      if (status >= 300 && status != 304 && status != 429 && status != 503) {
        parts.add(status + " x " + count);
      }
    });
    long unanswered = r.failures().values().stream().mapToLong(Long::longValue).sum()
        + r.overflow();
    if (unanswered > 0) {
      parts.add("no answer x " + unanswered);
    }
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  private void run(String part) throws InterruptedException {
    switch (part) {
      case "overload" -> overload();
      case "tiers" -> tiers();
      default -> cost();
    }
  }

  private void overload() throws InterruptedException {
    report.add("### Overload: nested orders page at " + factor + "x peak for "
        + overload.toSeconds() + " s");
    report.add("");
    report.add("| limiter | peak/s | p99 at 0.5x (ms) | offered/s | goodput/s | goodput/peak "
        + "| admitted p99 (ms) | admitted p99 in the server (ms) | shed | errors | recovery (s) |");
    report.add("|---|---|---|---|---|---|---|---|---|---|---|");
    for (String limiter : limiters) {
      List<String> args = List.of("--concurrency-limit", limiter, "--rate-limiting", "off");
      try (Launcher launcher = new Launcher(options)) {
        Target t = launcher.brisk(args);
        try (LoadClient client = client(t, overloadConnections)) {
          Scenario nested = scenario("nested", NESTED, "demo-internal");
          warmUp(client, nested, options.connections());
          report.add(overloadRow(limiter, t, client, nested, peak(t, client, nested)));
        }
      }
    }
    report.add("");
  }

  private String overloadRow(String limiter, Target t, LoadClient client, Scenario s, long peak) {
    openConnections(client, overloadConnections);
    OpenLoadGenerator open = open(client);
    RunResult half = open.run("brisk", s, Math.max(1, peak / 2), options.duration());
    long offered = Math.round(peak * factor);
    ServerHistogram server = new ServerHistogram(t.base(), "/api/orders");
    Map<Double, Double> before = server.read();
    RunResult over = open.run("brisk", s, offered, overload);
    double serverP99 = ServerHistogram.upperBoundMillis(before, server.read(), 0.99);
    System.out.println("  " + limiter + " " + LoadRun.summary(over));
    int recovery = -1;
    for (int second = 1; second <= 30 && recovery < 0; second++) {
      RunResult r = open.run("brisk", s, Math.max(1, peak / 2), Duration.ofSeconds(1));
      if (r.shed() == 0 && r.failed() == 0
          && r.percentileMillis(99) <= 2 * half.percentileMillis(99)) {
        recovery = second;
      }
    }
    return String.format(Locale.ROOT,
        "| %s | %d | %s | %d | %.0f | %.2f | %s | <= %s | %d | %d | %s |",
        limiter, peak, ReportTable.ms(half.percentileMillis(99)), offered, over.okThroughput(),
        over.okThroughput() / peak, ReportTable.ms(over.okPercentileMillis(99)),
        ReportTable.ms(serverP99), over.shed(),
        over.failed(), recovery < 0 ? "> 30" : String.valueOf(recovery));
  }

  private void tiers() throws InterruptedException {
    report.add("### Mixed tiers at " + factor + "x the nested orders page's peak, internal at "
        + "0.5x, anonymous on uncached catalog pages (rate limits raised)");
    report.add("");
    report.add("| tier | offered/s | served/s | served/offered | shed | other answers "
        + "| admitted p99 (ms) |");
    report.add("|---|---|---|---|---|---|---|");
    List<String> args = List.of("--rate-limits", HIGH_LIMITS);
    try (Launcher launcher = new Launcher(options)) {
      Target t = launcher.brisk(args);
      try (LoadClient client = client(t, overloadConnections)) {
        Scenario nested = scenario("nested", NESTED, "demo-internal");
        warmUp(client, nested, options.connections());
        // Anonymous callers' catalog pages run code the nested page does not: compiled before
        // the overload, as a long-running instance has it.
        warmUp(client, anonymousCatalog(), options.connections());
        peak(t, client, nested);
      }
      Map<String, Long> offered = offeredByTier(peak);
      ExecutorService pool = Executors.newFixedThreadPool(TIER_KEYS.size());
      List<Future<RunResult>> runs = new ArrayList<>();
      for (String key : TIER_KEYS) {
        runs.add(pool.submit(() -> {
          try (LoadClient client = client(t, overloadConnections / TIER_KEYS.size())) {
            openConnections(client, overloadConnections / TIER_KEYS.size());
            return open(client).run(key.isEmpty() ? "anonymous" : key,
                key.isEmpty() ? anonymousCatalog() : scenario("nested", NESTED, key),
                offered.get(key), overload);
          }
        }));
      }
      for (int i = 0; i < runs.size(); i++) {
        RunResult r = get(runs.get(i));
        long rate = offered.get(TIER_KEYS.get(i));
        report.add(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %d | %s | %s |",
            r.target(), rate, r.okThroughput(), r.okThroughput() / rate, r.shed(), others(r),
            ReportTable.ms(r.okPercentileMillis(99))));
      }
      pool.shutdown();
    }
    report.add("");
  }

  /**
   * The nested page's peak (open model, p99 within {@code --slo-p99}), searched on the first
   * instance and reused by the later parts so they all offer the same load.
   */
  private long peak(Target t, LoadClient client, Scenario nested) {
    if (peak == 0) {
      peak = Math.max(1, new RateFinder(open(client), step(), options.sloP99())
          .find(t.name(), nested, Math.max(1, nested.defaultRate())).maxRate());
      System.out.println("nested peak within p99 " + options.sloP99() + ": " + peak + "/s");
    }
    return peak;
  }

  /** Internal at half the peak; anonymous, free and pro share the rest of factor x peak. */
  private Map<String, Long> offeredByTier(long peak) {
    Map<String, Long> offered = new LinkedHashMap<>();
    long internal = Math.max(1, peak / 2);
    long others = Math.max(1, Math.round((peak * factor - internal) / (TIER_KEYS.size() - 1)));
    for (String key : TIER_KEYS) {
      offered.put(key, key.equals("demo-internal") ? internal : others);
    }
    return offered;
  }

  /**
   * Every configuration runs at once, each in its own process with its own dev services; wrk
   * (a C client, so the load generator takes less of the shared cores) drives them in
   * interleaved rounds and the ratio is of medians, so drift on a noisy machine hits all alike.
   */
  private void cost() throws InterruptedException {
    Map<String, List<String>> configs = new LinkedHashMap<>();
    configs.put("off", List.of("--rate-limiting", "off", "--concurrency-limit", "off"));
    configs.put("rate limits, per-instance buckets", List.of("--rate-limits", HIGH_LIMITS,
        "--rate-limit-store", "local", "--concurrency-limit", "off"));
    configs.put("rate limits, Redis buckets, one call per request", List.of("--rate-limits",
        HIGH_LIMITS, "--rate-limit-lease-time", "0", "--concurrency-limit", "off"));
    configs.put("rate limits, Redis buckets with local allowances", List.of("--rate-limits",
        HIGH_LIMITS, "--concurrency-limit", "off"));
    configs.put("rate limits (Redis) + concurrency limit", List.of("--rate-limits",
        HIGH_LIMITS));
    List<String> notes = new ArrayList<>();
    Wrk wrk = Wrk.locate(notes).orElseThrow(() -> new IllegalStateException(notes.get(0)));
    long products = DatasetShape.of(options.dataset()).products();
    MultiMap pro = headers("demo-pro");
    Scenario get = Scenario.of("get", "one product", 1000, Set.of(200), seq ->
        RequestSpec.get("/api/products/" + Ids.pick(seq, products), pro));
    Map<String, List<Double>> rounds = new LinkedHashMap<>();
    Map<String, List<Double>> paired;
    try (Launcher launcher = new Launcher(options)) {
      Map<String, Target> targets = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> c : configs.entrySet()) {
        targets.put(c.getKey(), launcher.brisk(c.getValue()));
        rounds.put(c.getKey(), new ArrayList<>());
      }
      for (Target t : targets.values()) {
        if (!options.warmup().isZero()) {
          wrk.run(t.name(), t.base(), get, options.connections(), 1, options.warmup());
        }
      }
      for (int round = 0; round < options.rounds(); round++) {
        for (Map.Entry<String, Target> e : targets.entrySet()) {
          RunResult r = wrk.run(e.getValue().name(), e.getValue().base(), get,
              options.connections(), 1, options.duration());
          if (r.errors() > 0) {
            throw new IllegalStateException(e.getKey() + ": " + r.errors()
                + " answers other than 200 (the budget must not bind)");
          }
          rounds.get(e.getKey()).add(r.okThroughput());
        }
      }
      paired = pairedRounds(wrk, targets, get);
    }
    report.add("### Cost of the throttle when it does not bind (`GET /api/products/{id}`, "
        + "tier pro, wrk, " + options.connections() + " connections, " + options.rounds()
        + " interleaved rounds)");
    report.add("");
    report.add("| configuration | req/s per round | median | vs off |");
    report.add("|---|---|---|---|");
    double off = median(rounds.get("off"));
    for (Map.Entry<String, List<Double>> e : rounds.entrySet()) {
      double median = median(e.getValue());
      report.add(String.format(Locale.ROOT, "| %s | %s | %.0f | %.3f |", e.getKey(),
          joined(e.getValue(), "%.0f"), median, median / off));
    }
    report.add("");
    report.add("The same configurations paired with `off`: both driven at the same moment by "
        + "two wrk processes, so they share the machine's state; each round's ratio cancels the "
        + "drift between rounds that the table above suffers from.");
    report.add("");
    report.add("| configuration | ratio to off per paired round | median ratio |");
    report.add("|---|---|---|");
    for (Map.Entry<String, List<Double>> e : paired.entrySet()) {
      report.add(String.format(Locale.ROOT, "| %s | %s | %.3f |", e.getKey(),
          joined(e.getValue(), "%.3f"), median(e.getValue())));
    }
    report.add("");
  }

  /**
   * Each configuration other than {@code off} driven at the same moment as {@code off}, by two
   * wrk processes, for {@code --rounds} rounds: the ratios of their throughputs, by
   * configuration. Both servers then share the cores alike, so what one costs more per request
   * shows as its share of the throughput.
   */
  private Map<String, List<Double>> pairedRounds(Wrk wrk, Map<String, Target> targets,
      Scenario get) {
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    Target off = targets.get("off");
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < options.rounds(); round++) {
        for (Map.Entry<String, Target> e : targets.entrySet()) {
          if (e.getValue() == off) {
            continue;
          }
          Future<RunResult> base = both.submit(() -> wrk.run(off.name(), off.base(), get,
              options.connections(), 1, options.duration()));
          Future<RunResult> other = both.submit(() -> wrk.run(e.getValue().name(),
              e.getValue().base(), get, options.connections(), 1, options.duration()));
          RunResult a = get(base);
          RunResult b = get(other);
          if (a.errors() > 0 || b.errors() > 0) {
            throw new IllegalStateException(e.getKey() + " paired with off: answers other than "
                + "200 (the budget must not bind)");
          }
          ratios.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add(b.okThroughput() / a.okThroughput());
        }
      }
    } finally {
      both.shutdownNow();
    }
    return ratios;
  }

  /** Each round's figure in {@code format}, joined as the report's tables show them. */
  private static String joined(List<Double> values, String format) {
    return String.join(" / ", values.stream()
        .map(v -> String.format(Locale.ROOT, format, v)).toList());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private Scenario scenario(String name, String uri, String key) {
    MultiMap headers = headers(key);
    return Scenario.of(name, "GET " + uri, 50, Set.of(200), seq -> RequestSpec.get(uri, headers));
  }

  private static Scenario anonymousCatalog() {
    MultiMap none = headers("");
    return Scenario.of("catalog", "GET " + anonymousCatalogPage(0), 50, Set.of(200),
        seq -> RequestSpec.get(anonymousCatalogPage(seq), none));
  }

  private static MultiMap headers(String key) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    return key.isEmpty() ? headers : headers.add("X-API-Key", key);
  }

  private LoadClient client(Target t, int connections) {
    return LoadClient.create(t.base(), connections, options.timeout());
  }

  private OpenLoadGenerator open(LoadClient client) {
    return new OpenLoadGenerator(client, System::nanoTime, options.maxInFlight(), grace());
  }

  private void warmUp(LoadClient client, Scenario s, int connections) {
    if (!options.warmup().isZero()) {
      new ClosedLoadGenerator(client, System::nanoTime, grace())
          .run("brisk", s, connections, options.warmup());
    }
  }

  /**
   * Opens all of the client's connections (closed loop on {@code /health/live}, which is never
   * shed) so the measured run does not pay connection set-up: SYN retransmits of a burst of
   * new connections to a saturated machine cost whole seconds.
   */
  private void openConnections(LoadClient client, int connections) {
    new ClosedLoadGenerator(client, System::nanoTime, grace()).run("brisk",
        scenario("live", "/health/live", ""), connections, Duration.ofSeconds(2));
  }

  private Duration step() {
    return Duration.ofSeconds(Math.max(2, options.duration().toSeconds() / 4));
  }

  private Duration grace() {
    return options.timeout().plusSeconds(5);
  }

  private static RunResult get(Future<RunResult> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
