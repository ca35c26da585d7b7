package dev.brisk.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the harness's sections of {@code docs/benchmarks.md}: the scenarios between
 * {@code <!-- load-harness:begin -->} and {@code <!-- load-harness:end -->}, the side-by-side
 * comparison between {@code <!-- load-compare:begin -->} and {@code <!-- load-compare:end -->}.
 * Each is replaced only when the run produced it (so {@code --scenarios none} refreshes just the
 * comparison); the rest of the file stays. Main thread.
 */
final class BenchmarksDoc {

  static final String BEGIN = "<!-- load-harness:begin -->";
  static final String END = "<!-- load-harness:end -->";
  static final String COMPARE_BEGIN = "<!-- load-compare:begin -->";
  static final String COMPARE_END = "<!-- load-compare:end -->";

  private BenchmarksDoc() {
  }

  /** Renders the sections the run produced and splices them into {@code file}. */
  static void write(Path file, Report report, List<String> images) throws IOException {
    String doc = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8)
        : "# Benchmarks\n\n";
    if (!report.runs().isEmpty() || !report.skipped().isEmpty()) {
      doc = splice(doc, section(report, images));
    }
    if (!report.comparisons().isEmpty()) {
      doc = splice(doc, compareSection(report, images), COMPARE_BEGIN, COMPARE_END);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, doc, StandardCharsets.UTF_8);
  }

  /** {@code old} with its marked scenarios section replaced by {@code section}, or appended. */
  static String splice(String old, String section) {
    return splice(old, section, BEGIN, END);
  }

  /** {@code old} with the part between {@code begin} and {@code end} replaced, or appended. */
  static String splice(String old, String section, String begin, String end) {
    int b = old.indexOf(begin);
    int e = b < 0 ? -1 : old.indexOf(end, b);
    if (b >= 0 && e > b) {
      return old.substring(0, b) + section + old.substring(e + end.length());
    }
    String gap = old.endsWith("\n\n") ? "" : old.endsWith("\n") ? "\n" : "\n\n";
    return old + gap + section + "\n";
  }

  static String section(Report r, List<String> images) {
    List<String> out = new ArrayList<>();
    out.add(BEGIN);
    out.addAll(header("## Load harness: open-model latency per scenario", r));
    out.addAll(scenarios(r, images));
    out.addAll(searches(r));
    out.addAll(notes(r));
    out.add(END);
    return String.join("\n", out);
  }

  static String compareSection(Report r, List<String> images) {
    List<String> out = new ArrayList<>();
    out.add(COMPARE_BEGIN);
    out.addAll(header("## Side by side: Brisk, the raw baseline, the hand-written limit and "
        + "the peers", r));
    out.addAll(comparisons(r, images));
    out.addAll(notes(r));
    out.add(COMPARE_END);
    return String.join("\n", out);
  }

  private static List<String> header(String title, Report r) {
    List<String> out = new ArrayList<>(List.of(title, "",
        "Produced by `dev.brisk.load.LoadMain` ([how it works](load-harness.md)) at "
            + r.machine().when() + ", dataset `" + r.options().dataset() + "`.", "",
        "Command:", "", "```", r.command(), "```", ""));
    out.addAll(machine(r.machine()));
    return out;
  }

  private static List<String> notes(Report r) {
    if (r.notes().isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(List.of("### Notes", ""));
    r.notes().forEach(n -> out.add("- " + n));
    out.add("");
    return out;
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
    out.add("### Same endpoints, same database");
    out.add("");
    r.options().compare().forEach(t -> {
      Target target = r.targets().get(t);
      out.add("- `" + t + "`: " + (target == null ? "not started" : target.description()));
    });
    out.add("");
    out.add("`get` and `page` run the same SQL everywhere. `nested` (the orders page with "
        + "`fields=" + StandardScenarios.NESTED_FIELDS + "`, limit 100) runs Brisk's five "
        + "statements on Brisk and `quarkus`, and ONE hand-written `json_agg` statement on "
        + "`baseline`: the hand-written limit. Max throughput: median of " + r.options().rounds()
        + " interleaved rounds (wrk unless noted); latency: the harness's open-model client at "
        + "a common rate, half the slowest target's maximum, in " + Comparisons.OPEN_ROUNDS
        + " interleaved rounds (the median p99 is shown), each after a closed-model warm-up "
        + "through that client (" + Comparisons.OPEN_WARMUP.toSeconds() + " s before the first, "
        + Comparisons.OPEN_REWARM.toSeconds() + " s before the others).");
    out.add("");
    out.add(ReportTable.comparisons(r.comparisons(), r.options().compare()));
    out.add("");
    if (images.contains(Charts.COMPARISON)) {
      out.add("![Max throughput per target](img/" + Charts.COMPARISON + ")");
      out.add("");
      out.add("![p99 latency per target at a common rate](img/" + Charts.COMPARISON_P99 + ")");
      out.add("");
    }
    return out;
  }
}
