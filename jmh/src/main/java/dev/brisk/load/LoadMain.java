package dev.brisk.load;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The load harness's command line. One command starts the sample app (own dev services), runs the
 * scenarios with an open-model, coordinated-omission-corrected generator, compares Brisk with a
 * raw Vert.x baseline, a Spring WebFlux peer and a Quarkus peer, prints the tables and writes
 * docs/benchmarks.md with PNG charts:
 * {@code java -cp jmh/target/benchmarks.jar dev.brisk.load.LoadMain --dataset small --duration 20s
 * --scenarios all}. See docs/load-harness.md. Runs on the main thread.
 */
public final class LoadMain {

  private LoadMain() {
  }

  /**
   * Runs the harness; exits 0 when it completed (skips included), 1 on a setup failure, 2 on a
   * usage error.
   */
  public static void main(String[] args) throws Exception {
    Cli.run(args, LoadOptions.SYNTAX, cli -> LoadOptions.from(cli, System.getenv())
        .requireKnownScenarios(Scenarios.standard().names()), options -> run(options, args));
  }

  private static void run(LoadOptions options, String[] args) throws Exception {
    try {
      Report report = new LoadRun(options, Scenarios.standard()).run(command(args));
      print(report);
      writeDocs(options.docsDir(), report);
      System.exit(0);
    } catch (IllegalStateException e) {
      System.err.println("load harness failed: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void print(Report report) {
    if (!report.runs().isEmpty() || !report.skipped().isEmpty()) {
      System.out.println();
      System.out.println(ReportTable.scenarios(report.runs(), report.warmUps(),
          report.skipped()));
    }
    if (!report.searches().isEmpty()) {
      System.out.println();
      System.out.println(ReportTable.searches(report.searches()));
    }
    if (!report.comparisons().isEmpty()) {
      System.out.println();
      System.out.println(ReportTable.comparisons(report.comparisons(),
          report.options().compare()));
    }
    report.notes().forEach(n -> System.out.println("note: " + n));
  }

  private static void writeDocs(Path docs, Report report) throws java.io.IOException {
    if (docs == null) {
      return;
    }
    List<String> images = Charts.write(report, docs.resolve("img"));
    BenchmarksDoc.write(docs.resolve("benchmarks.md"), report, images);
    System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + images.size()
        + " charts under " + docs.resolve("img"));
  }

  private static String command(String[] args) {
    return "java -cp jmh/target/benchmarks.jar dev.brisk.load.LoadMain " + Arrays.stream(args)
        .map(a -> a.contains(" ") ? "\"" + a + "\"" : a).collect(Collectors.joining(" "));
  }
}
