package dev.brisk.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The side-by-side part of a run: the same endpoints on Brisk, the raw Vert.x baseline and the
 * peer stacks. Per endpoint, each target gets a closed-model warm-up, then interleaved
 * closed-model rounds by wrk (or the own client; the median round is its maximum throughput),
 * then all run the open model at one common rate (half the slowest maximum) for latency, in
 * interleaved rounds too (the median p99 counts), each round after another closed-model warm-up
 * through the measuring client. Blocks the calling (main) thread.
 */
final class Comparisons {

  /** The closed-model warm-up each target gets right before its first open-model round. */
  static final Duration OPEN_WARMUP = Duration.ofSeconds(10);
  /** The warm-up before each later open-model round (the target sat idle meanwhile). */
  static final Duration OPEN_REWARM = Duration.ofSeconds(3);
  /** Open-model rounds per target, interleaved; the one with the median p99 is reported. */
  static final int OPEN_ROUNDS = 3;

  private final LoadOptions options;
  private final Scenarios registry;
  private final Function<Target, ScenarioContext> contexts;
  private final LongSupplier clock;
  private final Duration grace;
  private Wrk wrk;

  Comparisons(LoadOptions options, Scenarios registry,
      Function<Target, ScenarioContext> contexts, LongSupplier clock, Duration grace) {
    this.options = options;
    this.registry = registry;
    this.contexts = contexts;
    this.clock = clock;
    this.grace = grace;
  }

  /** Starts the missing targets, compares, closes its clients; servers stay with launcher. */
  List<Comparison> run(Launcher launcher, Map<String, Target> targets, List<String> notes)
      throws InterruptedException {
    if (options.compare().isEmpty()) {
      return List.of();
    }
    Map<String, String> down = start(launcher, targets, notes);
    if ("wrk".equals(options.throughput())) {
      wrk = Wrk.locate(notes).orElse(null);
      if (wrk != null && options.wrkThreads() > 1) {
        notes.add("wrk ran " + options.wrkThreads() + " threads (`--wrk-threads`); on a small "
            + "machine they compete with the servers and PostgreSQL for its cores.");
      }
    }
    Map<String, LoadClient> clients = new LinkedHashMap<>();
    try {
      for (String t : options.compare()) {
        if (targets.containsKey(t)) {
          clients.put(t, LoadClient.create(targets.get(t).base(), options.connections(),
              options.timeout()));
        }
      }
      List<Comparison> out = new ArrayList<>();
      for (String scenario : LoadRun.COMPARED) {
        out.add(endpoint(scenario, targets, clients, down, notes));
      }
      return out;
    } finally {
      clients.values().forEach(LoadClient::close);
    }
  }

  private Map<String, String> start(Launcher launcher, Map<String, Target> targets,
      List<String> notes) throws InterruptedException {
    Map<String, String> down = new LinkedHashMap<>();
    for (String t : options.compare()) {
      if (targets.containsKey(t)) {
        continue;
      }
      try {
        System.out.println("Starting " + t + " ...");
        targets.put(t, switch (t) {
          case "baseline" -> launcher.baseline();
          case "quarkus" -> launcher.quarkus();
          default -> launcher.peer();
        });
      } catch (RuntimeException e) {
        down.put(t, e.getMessage());
        notes.add("`" + t + "` was not started: " + e.getMessage());
        System.out.println(t + " not started: " + e.getMessage());
      }
    }
    return down;
  }

  private Comparison endpoint(String name, Map<String, Target> targets,
      Map<String, LoadClient> clients, Map<String, String> down, List<String> notes)
      throws InterruptedException {
    Map<String, String> skipped = new LinkedHashMap<>(down);
    Map<String, Scenario> prepared = new LinkedHashMap<>();
    // Baseline and peer are fresh JVMs: the first endpoint's warm-up is doubled for their JIT.
    Duration warmup = LoadRun.COMPARED.get(0).equals(name) ? options.warmup().multipliedBy(2)
        : options.warmup();
    for (String t : clients.keySet()) {
      Prepared p = registry.prepare(name, contexts.apply(targets.get(t)));
      if (p.isSkipped()) {
        skipped.put(t, p.skipReason());
        System.out.println(name + " on " + t + ": skipped (" + p.skipReason() + ")");
      } else {
        prepared.put(t, p.scenario());
        closed(clients.get(t)).run(t, p.scenario(), options.connections(), warmup);
      }
    }
    Map<String, List<RunResult>> rounds = interleavedRounds(name, prepared, clients, targets,
        notes);
    Map<String, RunResult> closed = new LinkedHashMap<>();
    rounds.forEach((t, rs) -> closed.put(t, median(rs)));
    long rate = Math.max(1, Math.round(0.5 * closed.values().stream()
        .mapToDouble(RunResult::okThroughput).min().orElse(2)));
    // Interleaved like the throughput rounds: a slow minute or the client's own JIT hits every
    // target alike, instead of whichever target ran first.
    Duration openRound = Duration.ofMillis(Math.max(3_000,
        options.duration().toMillis() / OPEN_ROUNDS));
    Map<String, List<RunResult>> openRounds = new LinkedHashMap<>();
    for (int i = 0; i < OPEN_ROUNDS; i++) {
      for (Map.Entry<String, Scenario> e : prepared.entrySet()) {
        String t = e.getKey();
        // Warmed again through the measuring client right before each open round: the wrk
        // rounds came from another client, and the other targets' turns left this one idle.
        closed(clients.get(t)).run(t, e.getValue(), options.connections(),
            i == 0 ? OPEN_WARMUP : OPEN_REWARM);
        RunResult r = new OpenLoadGenerator(clients.get(t), clock, options.maxInFlight(), grace)
            .run(t, e.getValue(), rate, openRound);
        openRounds.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
        System.out.println(name + " " + LoadRun.summary(r));
      }
    }
    Map<String, RunResult> open = new LinkedHashMap<>();
    openRounds.forEach((t, rs) -> open.put(t, medianP99(rs)));
    return new Comparison(name, closed, rounds, open, openRounds, skipped, rate);
  }

  /**
   * Closed-model rounds A, B, C, A, B, C, ... so that a noisy neighbour or a slow minute hits
   * every target alike; each round lasts duration / rounds (at least 2 s).
   */
  private Map<String, List<RunResult>> interleavedRounds(String name,
      Map<String, Scenario> prepared, Map<String, LoadClient> clients,
      Map<String, Target> targets, List<String> notes) throws InterruptedException {
    Duration round = Duration.ofMillis(Math.max(2_000,
        options.duration().toMillis() / options.rounds()));
    Map<String, List<RunResult>> rounds = new LinkedHashMap<>();
    for (int i = 0; i < options.rounds(); i++) {
      for (Map.Entry<String, Scenario> e : prepared.entrySet()) {
        String t = e.getKey();
        RunResult r = round(t, targets.get(t), e.getValue(), clients.get(t), round, notes);
        rounds.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
        System.out.println(name + " " + LoadRun.summary(r));
      }
    }
    return rounds;
  }

  /** One maximum-throughput round: wrk when available, else (or if wrk fails) the client. */
  private RunResult round(String t, Target target, Scenario s, LoadClient client, Duration round,
      List<String> notes) throws InterruptedException {
    if (wrk != null) {
      try {
        return wrk.run(t, target.base(), s, options.connections(), options.wrkThreads(), round);
      } catch (RuntimeException e) {
        notes.add("wrk round of `" + s.name() + "` on `" + t + "` failed, measured by the "
            + "client instead: " + e.getMessage());
      }
    }
    return closed(client).run(t, s, options.connections(), round);
  }

  private ClosedLoadGenerator closed(LoadClient client) {
    return new ClosedLoadGenerator(client, clock, grace);
  }

  /** The round with the median OK throughput. */
  static RunResult median(List<RunResult> rounds) {
    return medianBy(rounds, Comparator.comparingDouble(RunResult::okThroughput));
  }

  /** The round with the median p99. */
  static RunResult medianP99(List<RunResult> rounds) {
    return medianBy(rounds, Comparator.comparingDouble(r -> r.percentileMillis(99)));
  }

  private static RunResult medianBy(List<RunResult> rounds, Comparator<RunResult> order) {
    List<RunResult> sorted = new ArrayList<>(rounds);
    sorted.sort(order);
    return sorted.get(sorted.size() / 2);
  }
}
