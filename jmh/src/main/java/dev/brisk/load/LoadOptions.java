package dev.brisk.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Command-line options of {@link LoadMain}; {@code --help} prints {@link #USAGE}.
 *
 * @param dataset dataset the app loads ({@code small}, {@code large})
 * @param duration measured time per run
 * @param warmup unmeasured time before each run
 * @param scenarios scenario names, or {@code [all]}
 * @param url an already running Brisk to target instead of starting the app jar, or null
 * @param appJar the sample app's fat jar
 * @param peerJar the peer stack's jar
 * @param pgUrl PostgreSQL URL for baseline and peer (else the app's Dev services line), or null
 * @param rate one rate for every scenario (requests/s), or 0 for each scenario's default
 * @param rates per-scenario rates overriding the above
 * @param findMax also step the rate up per scenario until p99 or errors degrade
 * @param sloP99 the p99 a rate step must stay under in the rate search
 * @param compare targets of the side-by-side comparison ({@code brisk,baseline,peer}), or empty
 * @param connections HTTP/1.1 connections per target
 * @param rounds interleaved closed-model rounds per target in the comparison
 * @param baselineMode {@code process} (own JVM) or {@code inprocess} (in the harness's JVM)
 * @param jvmArgs JVM flags for every launched server
 * @param docsDir where benchmarks.md and img/ are written, or null for no docs
 * @param logDir where launched servers' logs go
 * @param maxInFlight open-model cap on outstanding requests (beyond it: overflow)
 * @param timeout per-request idle timeout
 * @param quarkusJar the Quarkus peer's runner jar
 * @param throughput how the comparison measures maximum throughput: {@code wrk} or {@code client}
 * @param briskCache {@code on} or {@code off}: the started app's {@code --cache} (off measures
 *     the per-request path against the baseline, which caches nothing)
 * @param wrkThreads wrk's threads in the comparison (1: the client takes one core; more load
 *     the servers harder and, on a small machine, oversubscribe its cores)
 */
public record LoadOptions(String dataset, Duration duration, Duration warmup,
    List<String> scenarios, String url, Path appJar, Path peerJar, String pgUrl, long rate,
    Map<String, Long> rates, boolean findMax, Duration sloP99, List<String> compare,
    int connections, int rounds, String baselineMode, List<String> jvmArgs, Path docsDir,
    Path logDir, int maxInFlight, Duration timeout, Path quarkusJar, String throughput,
    String briskCache, int wrkThreads) {

  /** Usage text. */
  public static final String USAGE = String.join("\n",
      "java -cp jmh/target/benchmarks.jar dev.brisk.load.LoadMain [options]",
      "  --dataset small|large       dataset the app loads (small)",
      "  --duration 20s              measured time per run (20s)",
      "  --warmup 10s                closed-model warm-up per scenario and target (10s)",
      "  --scenarios all|none|a,b    get,list,page,nested,batch,export,not-modified,overload",
      "  --rate N | --rates a=N,b=M  arrival rates in requests/s (scenario defaults)",
      "  --find-max                  step rates up until p99 > --slo-p99 or errors > 1%",
      "  --slo-p99 100ms             p99 bound of the rate search (100ms)",
      "  --compare brisk,baseline,peer,quarkus|none   side-by-side targets (all four)",
      "  --throughput wrk|client     comparison max throughput by wrk or by the own client (wrk)",
      "  --brisk-cache on|off        the started app's data cache; off for per-request figures"
          + " (on)",
      "  --connections 64            HTTP/1.1 keep-alive connections per target (64)",
      "  --wrk-threads 1             wrk threads in the comparison (1)",
      "  --rounds 3                  interleaved closed-model rounds per compared target (3)",
      "  --url http://host:port      target a running Brisk instead of starting the app jar",
      "  --pg-url postgresql://...   database for baseline/peer (else env BRISK_PG_URL or the",
      "                              app's Dev services line)",
      "  --app-jar PATH  --peer-jar PATH  --quarkus-jar PATH  --baseline process|inprocess",
      "  --jvm-args \"-Xmx2g\"         JVM flags for each launched server (-Xmx2g)",
      "  --docs docs | --no-docs     write docs/benchmarks.md and docs/img/*.png (docs)",
      "  --logs DIR                  server logs (target/load-logs)",
      "  --max-in-flight 20000  --timeout 10s");

  private static final Set<String> FLAGS = Set.of("--find-max", "--no-docs", "--help");
  private static final Set<String> KEYS = Set.of("dataset", "duration", "warmup", "scenarios",
      "url", "app-jar", "peer-jar", "pg-url", "rate", "rates", "find-max", "slo-p99", "compare",
      "connections", "rounds", "baseline", "jvm-args", "docs", "no-docs", "logs",
      "max-in-flight", "timeout", "help", "quarkus-jar", "throughput", "brisk-cache",
      "wrk-threads");

  /** Parses {@code --key value} pairs; unknown keys throw with the usage. Main thread. */
  public static LoadOptions parse(String... args) {
    Map<String, String> m = pairs(args);
    String scenarios = m.getOrDefault("scenarios", "all");
    String compare = m.getOrDefault("compare", "brisk,baseline,peer,quarkus");
    return new LoadOptions(m.getOrDefault("dataset", "small"),
        duration(m.getOrDefault("duration", "20s")), duration(m.getOrDefault("warmup", "10s")),
        List.of(scenarios.split(",")), m.get("url"),
        Path.of(m.getOrDefault("app-jar", "sample-app/target/brisk-sample-app.jar")),
        Path.of(m.getOrDefault("peer-jar", "peer-webflux/target/brisk-peer-webflux.jar")),
        m.getOrDefault("pg-url", System.getenv("BRISK_PG_URL")),
        number(m, "rate", "0"), rates(m.getOrDefault("rates", "")),
        m.containsKey("find-max"), duration(m.getOrDefault("slo-p99", "100ms")),
        "none".equals(compare) ? List.of() : List.of(compare.split(",")),
        (int) number(m, "connections", "64"),
        (int) number(m, "rounds", "3"),
        m.getOrDefault("baseline", "process"),
        List.of(m.getOrDefault("jvm-args", "-Xmx2g").trim().split("\\s+")),
        m.containsKey("no-docs") ? null : Path.of(m.getOrDefault("docs", "docs")),
        Path.of(m.getOrDefault("logs", "target/load-logs")),
        (int) number(m, "max-in-flight", "20000"),
        duration(m.getOrDefault("timeout", "10s")),
        Path.of(m.getOrDefault("quarkus-jar", "peer-quarkus/target/quarkus-app/quarkus-run.jar")),
        m.getOrDefault("throughput", "wrk"), m.getOrDefault("brisk-cache", "on"),
        (int) number(m, "wrk-threads", "1"));
  }

  /** Validates; names the bad value. */
  public LoadOptions {
    DatasetShape.of(dataset);
    if (!Set.of("process", "inprocess").contains(baselineMode)) {
      throw new IllegalArgumentException("--baseline must be process or inprocess");
    }
    if (connections < 1 || maxInFlight < 1 || rounds < 1) {
      throw new IllegalArgumentException(
          "--connections, --rounds and --max-in-flight must be >= 1");
    }
    for (String t : compare) {
      if (!Set.of("brisk", "baseline", "peer", "quarkus").contains(t)) {
        throw new IllegalArgumentException("--compare takes brisk,baseline,peer,quarkus; got " + t);
      }
    }
    if (!Set.of("on", "off").contains(briskCache)) {
      throw new IllegalArgumentException("--brisk-cache must be on or off, was " + briskCache);
    }
    if (wrkThreads < 1 || wrkThreads > connections) {
      throw new IllegalArgumentException("--wrk-threads must be between 1 and --connections ("
          + connections + "), was " + wrkThreads);
    }
    if (!Set.of("wrk", "client").contains(throughput)) {
      throw new IllegalArgumentException("--throughput must be wrk or client, was " + throughput);
    }
  }

  /** The arrival rate for {@code scenario}: {@code --rates}, else {@code --rate}, else its own. */
  public long rateFor(Scenario scenario) {
    return explicitRate(scenario).orElse(scenario.defaultRate());
  }

  /** The rate the command line sets for {@code scenario}, if any. */
  public OptionalLong explicitRate(Scenario scenario) {
    Long r = rates.get(scenario.name());
    if (r != null) {
      return OptionalLong.of(r);
    }
    return rate > 0 ? OptionalLong.of(rate) : OptionalLong.empty();
  }

  private static Map<String, String> pairs(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || !KEYS.contains(args[i].substring(2))) {
        throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
      }
      if (FLAGS.contains(args[i])) {
        m.put(args[i].substring(2), "true");
      } else if (i + 1 < args.length && !isOption(args[i + 1])) {
        m.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
      }
    }
    return m;
  }

  /**
   * Fails unless every name in {@code --scenarios} and {@code --rates} is one of {@code known}
   * ({@code all} and {@code none} aside), so a typo stops the run before anything starts.
   */
  public void requireKnownScenarios(List<String> known) {
    for (String s : scenarios) {
      if (!known.contains(s) && !List.of("all", "none").contains(s)) {
        throw new IllegalArgumentException("--scenarios takes all, none or a list of "
            + String.join(",", known) + "; got " + s);
      }
    }
    for (String s : rates.keySet()) {
      if (!known.contains(s)) {
        throw new IllegalArgumentException("--rates takes name=N pairs with names from "
            + String.join(",", known) + "; got " + s);
      }
    }
  }

  private static long number(Map<String, String> m, String key, String fallback) {
    String value = m.getOrDefault(key, fallback);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be a whole number, was " + value);
    }
  }

  /** {@code 250ms}, {@code 20s}, {@code 2m}. */
  static Duration duration(String s) {
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
    } catch (NumberFormatException e) {
      // Falls through to the message naming the value.
    }
    throw new IllegalArgumentException("duration like 500ms, 20s or 2m, was " + s);
  }

  /** An option name rather than a value: {@code --duration --no-docs} lacks the duration. */
  private static boolean isOption(String arg) {
    return arg.startsWith("--") && KEYS.contains(arg.substring(2));
  }

  private static Map<String, Long> rates(String s) {
    Map<String, Long> m = new LinkedHashMap<>();
    Arrays.stream(s.split(",")).filter(p -> !p.isBlank()).forEach(p -> {
      String[] kv = p.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("--rates takes name=N pairs, was " + p);
      }
      try {
        m.put(kv[0], Long.parseLong(kv[1]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--rates takes name=N pairs, was " + p);
      }
    });
    return Map.copyOf(m);
  }
}
