package dev.brisk.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the harness's section of {@code docs/benchmarks.md} between
 * {@code <!-- load-harness:begin -->} and {@code <!-- load-harness:end -->}, replacing an earlier
 * section and leaving the rest of the file alone. Main thread.
 */
final class BenchmarksDoc {

  static final String BEGIN = "<!-- load-harness:begin -->";
  static final String END = "<!-- load-harness:end -->";

  private BenchmarksDoc() {
  }

  /** Renders the section and splices it into {@code file} (created when absent). */
  static void write(Path file, Report report, List<String> images) throws IOException {
    String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8)
        : "# Benchmarks\n\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, splice(old, section(report, images)), StandardCharsets.UTF_8);
  }

  /** {@code old} with its marked section replaced by {@code section}, or appended. */
  static String splice(String old, String section) {
    int b = old.indexOf(BEGIN);
    int e = old.indexOf(END);
    if (b >= 0 && e > b) {
      return old.substring(0, b) + section + old.substring(e + END.length());
    }
    String gap = old.endsWith("\n\n") ? "" : old.endsWith("\n") ? "\n" : "\n\n";
    return old + gap + section + "\n";
  }

  static String section(Report r, List<String> images) {
    List<String> out = new ArrayList<>();
    out.add(BEGIN);
    out.add("## Load harness: open-model latency and side-by-side throughput");
    out.add("");
    out.add("Produced by `dev.brisk.load.LoadMain` ([how it works](load-harness.md)) at "
        + r.machine().when() + ", dataset `" + r.options().dataset() + "`.");
    out.add("");
    out.add("Command:");
    out.add("");
    out.add("```");
    out.add(r.command());
    out.add("```");
    out.add("");
    out.addAll(machine(r.machine()));
    out.addAll(scenarios(r, images));
    out.addAll(searches(r));
    out.addAll(comparisons(r, images));
    if (!r.notes().isEmpty()) {
      out.add("### Notes");
      out.add("");
      r.notes().forEach(n -> out.add("- " + n));
      out.add("");
    }
    out.add(END);
    return String.join("\n", out);
  }

  private static List<String> machine(MachineInfo m) {
    return List.of("Machine:", "", "```", "$ nproc", m.nproc(), "$ free -g", m.free(),
        "$ java -version", m.javaVersion(), "CPU: " + m.cpu(),
        "load average at start: " + m.loadAverage(), "```", "");
  }

  private static List<String> scenarios(Report r, List<String> images) {
    List<String> out = new ArrayList<>();
    out.add("### Scenarios against Brisk (open model, latency from the intended send time)");
    out.add("");
    out.add("Each scenario: " + r.options().warmup().toSeconds() + " s closed-model warm-up at "
        + "full speed (`warm-up max/s`, a rough capacity figure), then "
        + r.options().duration().toSeconds() + " s open model at the target rate over "
        + r.options().connections() + " keep-alive connections.");
    out.add("");
    out.add(ReportTable.scenarios(r.runs(), r.warmUps(), r.skipped()));
    out.add("");
    if (images.contains(Charts.LATENCY)) {
      out.add("![Latency percentiles per scenario](img/" + Charts.LATENCY + ")");
      out.add("");
      out.add("![Throughput per scenario](img/" + Charts.THROUGHPUT + ")");
      out.add("");
    }
    return out;
  }

  private static List<String> searches(Report r) {
    if (r.searches().isEmpty()) {
      return List.of();
    }
    return List.of("### Rate search (p99 <= " + r.options().sloP99().toMillis()
        + " ms, failed+shed <= 1%, achieved >= 95% of target)", "",
        ReportTable.searches(r.searches()), "");
  }

  private static List<String> comparisons(Report r, List<String> images) {
    if (r.comparisons().isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add("### Side by side: same endpoints, same SQL, same database");
    out.add("");
    r.options().compare().forEach(t -> {
      Target target = r.targets().get(t);
      out.add("- `" + t + "`: " + (target == null ? "not started" : target.description()));
    });
    out.add("");
    out.add(ReportTable.comparisons(r.comparisons(), r.options().compare()));
    out.add("");
    if (images.contains(Charts.COMPARISON)) {
      out.add("![Max throughput per target](img/" + Charts.COMPARISON + ")");
      out.add("");
    }
    return out;
  }
}
