package dev.brisk.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brisk against the raw vertx-web baseline with {@code wrk} as the client, side by side in one
 * run: both servers started by the harness on the same database, a warm-up per target, then
 * {@code --rounds} interleaved rounds (the order alternates), medians and the Brisk/baseline
 * ratios of requests/s and p99 for {@code GET /api/products/{random id}} and the products list
 * page, with the share of the machine's CPU that wrk itself used (a JVM client would take more).
 *
 * <p>{@code apt-get install -y wrk && ./mvnw -q -DskipTests package && java -cp
 * jmh/target/benchmarks.jar dev.brisk.load.WrkMain --duration 30s --warmup 20s --rounds 3
 * --connections 64}
 *
 * <p>Takes {@link LoadOptions}' flags (dataset, durations, rounds, connections, jars, JVM flags,
 * database). Main thread only.
 */
public final class WrkMain {

  private WrkMain() {
  }

  /** Runs the comparison and prints one table; exits 1 when a server or wrk failed. */
  public static void main(String[] args) throws Exception {
    LoadOptions options = LoadOptions.parse(args);
    Wrk.requireInstalled();
    long products = DatasetShape.of(options.dataset()).products();
    List<Wrk.Mix> mixes = List.of(Wrk.Mix.randomId("get", "/api/products/", products),
        Wrk.Mix.fixed("list", "/api/products?sort=price_cents&limit=20&fields="
            + StandardScenarios.LIST_FIELDS));
    try (Launcher launcher = new Launcher(options)) {
      List<Target> targets = List.of(launcher.brisk(), launcher.baseline());
      List<Wrk.Result> results = new ArrayList<>();
      for (Wrk.Mix mix : mixes) {
        for (Target t : targets) {
          Wrk.run(t.name(), t.base(), mix, options.connections(), options.warmup());
        }
        for (int round = 0; round < options.rounds(); round++) {
          List<Target> order = round % 2 == 0 ? targets : List.of(targets.get(1), targets.get(0));
          for (Target t : order) {
            Wrk.Result r = Wrk.run(t.name(), t.base(), mix, options.connections(),
                options.duration());
            System.out.printf("round %d %-5s %-8s %10.0f req/s p99 %7.2f ms%n", round + 1,
                mix.scenario(), t.name(), r.requestsPerSecond(), r.p99Millis());
            results.add(r);
          }
        }
      }
      System.out.println();
      System.out.println(table(mixes, results));
    } catch (IllegalStateException e) {
      System.err.println("wrk comparison failed: " + e.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }

  /** Medians per scenario and target, with brisk/baseline ratios. */
  static String table(List<Wrk.Mix> mixes, List<Wrk.Result> results) {
    StringBuilder out = new StringBuilder(String.format(
        "%-6s %-9s %12s %9s %9s %7s %10s%n", "scen.", "target", "req/s (med)", "p50 ms",
        "p99 ms", "errors", "wrk CPU"));
    for (Wrk.Mix mix : mixes) {
      Map<String, Wrk.Result> medians = new LinkedHashMap<>();
      for (String target : List.of("brisk", "baseline")) {
        List<Wrk.Result> runs = results.stream().filter(r -> r.scenario().equals(mix.scenario())
            && r.target().equals(target)).sorted(Comparator.comparingDouble(
                Wrk.Result::requestsPerSecond)).toList();
        Wrk.Result m = runs.get(runs.size() / 2);
        medians.put(target, m);
        out.append(String.format("%-6s %-9s %12.0f %9.2f %9.2f %7d %9.0f%%%n", mix.scenario(),
            target, m.requestsPerSecond(), m.p50Millis(), m.p99Millis(),
            runs.stream().mapToLong(Wrk.Result::errors).sum(), m.clientCpuShare() * 100));
      }
      Wrk.Result b = medians.get("brisk");
      Wrk.Result base = medians.get("baseline");
      out.append(String.format("%-6s brisk/baseline: %.2fx req/s, %.2fx p99%n", mix.scenario(),
          b.requestsPerSecond() / base.requestsPerSecond(), b.p99Millis() / base.p99Millis()));
    }
    return out.toString();
  }
}
