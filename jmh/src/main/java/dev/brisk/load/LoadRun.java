package dev.brisk.load;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One harness run: start the servers, run the scenarios against Brisk, run the side-by-side
 * comparison, stop the servers. Blocks the calling (main) thread throughout.
 */
final class LoadRun {

  static final String API_KEY = "demo-internal";
  static final List<String> COMPARED = List.of("get", "page", "nested");

  private final LoadOptions options;
  private final Scenarios registry;
  private final LongSupplier clock = System::nanoTime;
  private final Duration grace;

  LoadRun(LoadOptions options, Scenarios registry) {
    this.options = options;
    this.registry = registry;
    this.grace = options.timeout().plusSeconds(5);
  }

  /** Runs everything; servers are stopped when this returns or throws. */
  Report run(String command) throws InterruptedException {
    MachineInfo machine = MachineInfo.capture(
        ProcessHandle.current().info().command().orElse("java"));
    Map<String, Target> targets = new LinkedHashMap<>();
    List<RunResult> runs = new ArrayList<>();
    Map<String, RunResult> warmUps = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    List<RateSearch> searches = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (Launcher launcher = new Launcher(options)) {
      Target brisk = launcher.brisk();
      targets.put("brisk", brisk);
      try (LoadClient client = LoadClient.create(brisk.base(), options.connections(),
          options.timeout())) {
        List<Prepared> prepared = prepare(brisk, skipped);
        warmUpAll(brisk, client, prepared);
        for (Prepared p : prepared) {
          scenario(brisk, client, p, runs, warmUps, searches);
        }
      }
      Comparisons compare = new Comparisons(options, registry, this::context, clock, grace);
      List<Comparison> comparisons = compare.run(launcher, targets, notes);
      addNotes(machine, runs, notes);
      return new Report(machine, command, options, targets, runs, warmUps, skipped, searches,
          comparisons, notes);
    }
  }

  private static void addNotes(MachineInfo machine, List<RunResult> runs, List<String> notes) {
    notes.add("Load generator and servers share this machine's " + machine.nproc()
        + " cores; numbers are relative, not absolute capacity.");
    runs.stream().filter(r -> "overload".equals(r.scenario()) && r.shed() == 0).forEach(r ->
        notes.add("`overload` at " + r.targetRate() + "/s (2x warm-up capacity) was never shed "
            + "(no 503/429): requests queued instead, p50 "
            + ReportTable.ms(r.percentileMillis(50)) + " ms."));
  }

  private List<String> scenarioNames() {
    if (options.scenarios().equals(List.of("none"))) {
      return List.of();
    }
    return options.scenarios().equals(List.of("all")) ? registry.names() : options.scenarios();
  }

  private List<Prepared> prepare(Target target, Map<String, String> skipped) {
    List<Prepared> ready = new ArrayList<>();
    for (String name : scenarioNames()) {
      Prepared p = registry.prepare(name, context(target));
      if (p.isSkipped()) {
        skipped.put(name, p.skipReason());
        System.out.println(name + ": skipped (" + p.skipReason() + ")");
      } else {
        ready.add(p);
      }
    }
    return ready;
  }

  /**
   * One closed-model warm-up over every runnable scenario in turn, so that the first scenario
   * does not pay for the cold JVM alone.
   */
  private void warmUpAll(Target target, LoadClient client, List<Prepared> prepared)
      throws InterruptedException {
    if (prepared.isEmpty() || options.warmup().isZero()) {
      return;
    }
    List<Scenario> all = prepared.stream().map(Prepared::scenario).toList();
    Scenario mix = Scenario.of("all", "every scenario in turn", 1, Set.of(200, 304),
        seq -> all.get((int) (seq % all.size())).request(seq / all.size()));
    System.out.println("warm-up over all scenarios for " + options.warmup().toSeconds() + " s");
    warmUp(target, client, mix);
  }

  private void scenario(Target target, LoadClient client, Prepared p, List<RunResult> runs,
      Map<String, RunResult> warmUps, List<RateSearch> searches) throws InterruptedException {
    String name = p.name();
    OpenLoadGenerator open = new OpenLoadGenerator(client, clock, options.maxInFlight(), grace);
    System.out.println(name + ": " + p.scenario().description());
    RunResult warm = warmUp(target, client, p.scenario());
    if (warm != null) {
      warmUps.put(name, warm);
    }
    long rate = rate(p.scenario(), warm);
    System.out.println("  open model at " + rate + "/s for " + options.duration().toSeconds()
        + " s");
    RunResult r = open.run(target.name(), p.scenario(), rate, options.duration());
    runs.add(r);
    System.out.println("  " + summary(r));
    if (options.findMax() && !"overload".equals(name)) {
      Duration step = Duration.ofSeconds(Math.max(3, options.duration().toSeconds() / 4));
      RateSearch s = new RateFinder(open, step, options.sloP99())
          .find(target.name(), p.scenario(), rate);
      searches.add(s);
      System.out.println("  max rate within SLO: " + s.maxRate() + "/s");
    }
    Thread.sleep(1000);
  }

  /**
   * Closed-model warm-up at full speed (JIT, pools, caches), then a pause so the measured run
   * starts on an idle server; null without warm-up.
   */
  private RunResult warmUp(Target target, LoadClient client, Scenario scenario)
      throws InterruptedException {
    if (options.warmup().isZero()) {
      return null;
    }
    RunResult w = new ClosedLoadGenerator(client, clock, grace)
        .run(target.name(), scenario, options.connections(), options.warmup());
    System.out.println("  warm-up " + summary(w));
    Thread.sleep(500);
    return w;
  }

  private long rate(Scenario scenario, RunResult warmUp) {
    if (scenario.capacityFactor() > 0 && options.explicitRate(scenario).isEmpty()
        && warmUp != null && warmUp.okThroughput() > 0) {
      return Math.max(1, Math.round(scenario.capacityFactor() * warmUp.okThroughput()));
    }
    return options.rateFor(scenario);
  }

  /** The preparation context of one target. */
  ScenarioContext context(Target target) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-API-Key", API_KEY);
    return new ScenarioContext(target.name(), new Probe(target.base(),
        Map.of("X-API-Key", API_KEY)), DatasetShape.of(options.dataset()), headers);
  }

  /** One console line for a run. */
  static String summary(RunResult r) {
    String line = String.format(java.util.Locale.ROOT,
        "%s %s: %.0f/s achieved, ok %d, shed %d, failed %d, p50 %s ms, p99 %s ms, max %s ms",
        r.target(), r.model(), r.throughput(), r.ok(), r.shed(), r.failed(),
        ReportTable.ms(r.percentileMillis(50)), ReportTable.ms(r.percentileMillis(99)),
        ReportTable.ms(r.percentileMillis(100)));
    return r.failed() == 0 ? line : line + "; statuses " + r.statuses() + ", failures "
        + r.failures() + ", overflow " + r.overflow();
  }
}
