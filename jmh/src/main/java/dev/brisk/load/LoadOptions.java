package dev.brisk.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Command-line options of {@link LoadMain}: {@link #SYNTAX}, read by {@link #from}; {@code --help}
 * prints {@link #USAGE}.
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

  /** The options and flags {@link LoadMain} accepts. */
  public static final Cli.Syntax SYNTAX = new Cli.Syntax(USAGE, List.of("--dataset",
      "--duration", "--warmup", "--scenarios", "--url", "--app-jar", "--peer-jar", "--pg-url",
      "--rate", "--rates", "--slo-p99", "--compare", "--connections", "--rounds", "--baseline",
      "--jvm-args", "--docs", "--logs", "--max-in-flight", "--timeout", "--quarkus-jar",
      "--throughput", "--brisk-cache", "--wrk-threads"), List.of("--find-max", "--no-docs"));

  /**
   * The options on {@code cli}, those it does not know at their defaults, with {@code env}'s
   * {@code BRISK_PG_URL} as the default {@code --pg-url}; a {@link Cli.UsageException} names a bad
   * one. Main thread.
   */
  public static LoadOptions from(Cli cli, Map<String, String> env) {
    List<String> compare = cli.getList("--compare", "brisk,baseline,peer,quarkus", List.of());
    URI url = cli.getUrl("--url", null);
    String pgUrl = cli.get("--pg-url", env.get("BRISK_PG_URL"));
    if (url == null) {
      requireStores(pgUrl, env);
    }
    for (String startedAppOnly : List.of("--brisk-cache", "--app-jar")) {
      if (url != null && cli.isSet(startedAppOnly)) {
        throw new Cli.UsageException(startedAppOnly + " applies to the app the harness starts, "
            + "not to the one at --url (start that one with the settings you want, e.g. "
            + "--cache off)");
      }
    }
    try {
      return new LoadOptions(cli.get("--dataset", "small"),
          cli.getDuration("--duration", "20s"), cli.getDuration("--warmup", "10s"),
          cli.getList("--scenarios", "all", List.of()), url == null ? null : url.toString(),
          cli.getPath("--app-jar", "sample-app/target/brisk-sample-app.jar"),
          cli.getPath("--peer-jar", "peer-webflux/target/brisk-peer-webflux.jar"),
          pgUrl,
          cli.getLong("--rate", 0, 0, Long.MAX_VALUE), rates(cli.get("--rates", "")),
          cli.isSet("--find-max"), cli.getDuration("--slo-p99", "100ms"),
          compare.equals(List.of("none")) ? List.of() : compare,
          cli.getClients("--connections", 64), cli.getInt("--rounds", 3),
          cli.get("--baseline", "process"),
          List.of(cli.get("--jvm-args", "-Xmx2g").trim().split("\\s+")),
          cli.isSet("--no-docs") ? null : cli.getPath("--docs", "docs"),
          cli.getPath("--logs", "target/load-logs"), cli.getInt("--max-in-flight", 20000),
          cli.getDuration("--timeout", "10s"),
          cli.getPath("--quarkus-jar", "peer-quarkus/target/quarkus-app/quarkus-run.jar"),
          cli.get("--throughput", "wrk"), cli.get("--brisk-cache", "on"),
          cli.getInt("--wrk-threads", 1));
    } catch (Cli.UsageException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // The checks below (a choice, --wrk-threads against --connections) name the option.
      throw new Cli.UsageException(e.getMessage());
    }
  }

  /**
   * The started app runs on external stores only with PostgreSQL, Redis and the cursor keys all
   * given, and starts its dev services when no store is: anything between made it exit at startup
   * ("Missing BRISK_REDIS_URL", "Missing BRISK_CURSOR_KEYS").
   */
  private static void requireStores(String pgUrl, Map<String, String> env) {
    if (pgUrl == null && env.get("BRISK_REDIS_URL") == null) {
      return;
    }
    List<String> missing = new ArrayList<>();
    if (pgUrl == null) {
      missing.add("--pg-url (or BRISK_PG_URL)");
    }
    for (String name : List.of("BRISK_REDIS_URL", "BRISK_CURSOR_KEYS")) {
      if (env.get(name) == null) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new Cli.UsageException("the started app needs " + String.join(" and ", missing)
          + " as well: on external stores it takes the database, BRISK_REDIS_URL and "
          + "BRISK_CURSOR_KEYS (export a Dev services: line), or none of them");
    }
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
    if (scenarios.equals(List.of("none")) && compare.isEmpty()) {
      throw new IllegalArgumentException("--scenarios none with --compare none runs nothing: "
          + "name scenarios, comparison targets or both");
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

  /**
   * Fails unless every name in {@code --scenarios} and {@code --rates} is one of {@code known}
   * ({@code all} and {@code none} aside), so a typo stops the run before anything starts;
   * returns these options.
   */
  public LoadOptions requireKnownScenarios(List<String> known) {
    for (String s : scenarios) {
      if (!known.contains(s) && !List.of("all", "none").contains(s)) {
        throw new Cli.UsageException("--scenarios takes all, none or a list of "
            + String.join(",", known) + "; got " + s);
      }
    }
    for (String s : rates.keySet()) {
      if (!known.contains(s)) {
        throw new Cli.UsageException("--rates takes name=N pairs with names from "
            + String.join(",", known) + "; got " + s);
      }
    }
    return this;
  }

  /** {@code get=2000,list=800}: a positive rate for each name. */
  private static Map<String, Long> rates(String s) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String pair : s.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      long rate = 0;
      try {
        rate = kv.length == 2 ? Long.parseLong(kv[1]) : 0;
      } catch (NumberFormatException e) {
        // Named below.
      }
      if (rate < 1) {
        throw new Cli.UsageException("--rates takes name=N pairs with N at least 1, was " + pair);
      }
      m.put(kv[0], rate);
    }
    return Map.copyOf(m);
  }
}
