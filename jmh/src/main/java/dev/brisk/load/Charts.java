package dev.brisk.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report's PNG charts under {@code docs/img/}; main thread. */
final class Charts {

  static final String LATENCY = "load-latency.png";
  static final String THROUGHPUT = "load-throughput.png";
  static final String COMPARISON = "load-comparison.png";
  static final String COMPARISON_P99 = "load-comparison-p99.png";

  private Charts() {
  }

  /** Writes the charts the report has data for; returns the file names written. */
  static List<String> write(Report report, Path imgDir) throws IOException {
    List<String> written = new ArrayList<>();
    List<RunResult> runs = report.runs();
    if (!runs.isEmpty()) {
      latency(runs).write(imgDir.resolve(LATENCY));
      throughput(runs, report.warmUps()).write(imgDir.resolve(THROUGHPUT));
      written.add(LATENCY);
      written.add(THROUGHPUT);
    }
    if (!report.comparisons().isEmpty()) {
      comparison(report.comparisons(), report.options().compare())
          .write(imgDir.resolve(COMPARISON));
      written.add(COMPARISON);
      comparisonP99(report.comparisons(), report.options().compare())
          .write(imgDir.resolve(COMPARISON_P99));
      written.add(COMPARISON_P99);
    }
    return written;
  }

  private static BarChart latency(List<RunResult> runs) {
    double[][] v = new double[runs.size()][];
    for (int i = 0; i < runs.size(); i++) {
      RunResult r = runs.get(i);
      v[i] = new double[] {r.percentileMillis(50), r.percentileMillis(95),
          r.percentileMillis(99), r.percentileMillis(100)};
    }
    return new BarChart("Brisk latency per scenario (open model, from intended send time)",
        "ms (log)", names(runs), List.of("p50", "p95", "p99", "max"), v, true);
  }

  private static BarChart throughput(List<RunResult> runs, Map<String, RunResult> warmUps) {
    double[][] v = new double[runs.size()][];
    for (int i = 0; i < runs.size(); i++) {
      RunResult r = runs.get(i);
      RunResult w = warmUps.get(r.scenario());
      v[i] = new double[] {w == null ? Double.NaN : w.okThroughput(), r.targetRate(),
          r.throughput(), r.okThroughput()};
    }
    return new BarChart("Brisk throughput per scenario", "requests/s (log)", names(runs),
        List.of("warm-up max (closed)", "target (open)", "achieved", "achieved ok"), v, true);
  }

  private static BarChart comparison(List<Comparison> comparisons, List<String> targets) {
    double[][] v = new double[comparisons.size()][targets.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < comparisons.size(); i++) {
      Comparison c = comparisons.get(i);
      names.add(c.scenario());
      for (int t = 0; t < targets.size(); t++) {
        RunResult r = c.closed().get(targets.get(t));
        v[i][t] = r == null ? Double.NaN : r.okThroughput();
      }
    }
    return new BarChart("Max throughput, same endpoint and SQL (closed model)", "requests/s",
        names, targets, v, false);
  }

  private static BarChart comparisonP99(List<Comparison> comparisons, List<String> targets) {
    double[][] v = new double[comparisons.size()][targets.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < comparisons.size(); i++) {
      Comparison c = comparisons.get(i);
      names.add(c.scenario() + " @ " + c.commonRate() + "/s");
      for (int t = 0; t < targets.size(); t++) {
        RunResult r = c.open().get(targets.get(t));
        v[i][t] = r == null ? Double.NaN : r.percentileMillis(99);
      }
    }
    return new BarChart("p99 latency at a common rate (open model, from intended send time)",
        "ms (log)", names, targets, v, true);
  }

  private static List<String> names(List<RunResult> runs) {
    return runs.stream().map(RunResult::scenario).toList();
  }
}
