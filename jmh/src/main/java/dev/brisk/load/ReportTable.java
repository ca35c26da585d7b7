package dev.brisk.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Markdown tables of a {@link Report}; pure functions, any thread. */
final class ReportTable {

  private ReportTable() {
  }

  /**
   * Scenario, warm-up capacity, target rate, achieved throughput, outcome counts and latency
   * percentiles.
   */
  static String scenarios(List<RunResult> runs, Map<String, RunResult> warmUps,
      Map<String, String> skipped) {
    List<String> rows = new ArrayList<>();
    rows.add("| scenario | warm-up max/s | target/s | achieved/s | ok | shed | errors | p50 ms "
        + "| p95 ms | p99 ms | max ms |");
    rows.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (RunResult r : runs) {
      RunResult w = warmUps.get(r.scenario());
      String max = w == null ? "-" : num(w.okThroughput());
      rows.add(row(r.scenario(), max, r, false));
      if (r.shed() > 0 && r.ok() > 0) {
        rows.add(row(r.scenario() + " (ok only)", "", r, true));
      }
    }
    skipped.forEach((name, why) -> rows.add("| " + name + " | skipped (" + cell(why)
        + ") | | | | | | | | | |"));
    return String.join("\n", rows);
  }

  private static String row(String label, String max, RunResult r, boolean okOnly) {
    String latency = okOnly
        ? ms(r.okPercentileMillis(50)) + " | " + ms(r.okPercentileMillis(95)) + " | "
            + ms(r.okPercentileMillis(99)) + " | " + ms(r.okPercentileMillis(100))
        : ms(r.percentileMillis(50)) + " | " + ms(r.percentileMillis(95)) + " | "
            + ms(r.percentileMillis(99)) + " | " + ms(r.percentileMillis(100));
    String rate = r.targetRate() > 0 ? String.valueOf(r.targetRate()) : "closed x"
        + r.connections();
    String achieved = okOnly ? num(r.okThroughput()) : num(r.throughput());
    return "| " + label + " | " + max + " | " + rate + " | " + achieved + " | " + r.ok() + " | "
        + r.shed() + " | " + errors(r) + " | " + latency + " |";
  }

  /** Rate searches: highest passing rate and each step's outcome. */
  static String searches(List<RateSearch> searches) {
    List<String> rows = new ArrayList<>();
    rows.add("| scenario | max rate/s within SLO "
        + "| steps (rate/s: achieved/s, p99 ms, failed+shed) |");
    rows.add("|---|---:|---|");
    for (RateSearch s : searches) {
      String steps = s.steps().stream().map(r -> r.targetRate() + ": " + num(r.throughput())
          + ", " + ms(r.percentileMillis(99)) + ", " + (r.failed() + r.shed()))
          .collect(Collectors.joining("; "));
      rows.add("| " + s.scenario() + " | " + s.maxRate() + " | " + steps + " |");
    }
    return String.join("\n", rows);
  }

  /** Side-by-side: closed-model throughput and ratios, then open-model p50/p99 at a common rate. */
  static String comparisons(List<Comparison> comparisons, List<String> targets) {
    List<String> rows = new ArrayList<>();
    StringBuilder head = new StringBuilder("| endpoint | measure |");
    targets.forEach(t -> head.append(' ').append(t).append(" |"));
    List<String> others = targets.stream().filter(t -> !"brisk".equals(t)).toList();
    others.forEach(t -> head.append(" brisk/").append(t).append(" |"));
    rows.add(head.toString());
    rows.add("|---|---|" + "---:|".repeat(targets.size() + others.size()));
    for (Comparison c : comparisons) {
      rows.add(compareRow(c, targets, "max req/s (" + model(c) + " x" + connections(c)
          + ", median)",
          r -> num(r.okThroughput()), true));
      rows.add(roundsRow(c.scenario(), "rounds req/s", c.rounds(), targets,
          r -> num(r.okThroughput())));
      rows.add(compareRow(c, targets, "p50 ms @ " + c.commonRate() + "/s (open)",
          r -> ms(r.percentileMillis(50)), false));
      rows.add(compareRow(c, targets, "p99 ms @ " + c.commonRate() + "/s (open, median)",
          r -> ms(r.percentileMillis(99)), false));
      rows.add(roundsRow(c.scenario(), "rounds p99 ms", c.openRounds(), targets,
          r -> ms(r.percentileMillis(99))));
    }
    return String.join("\n", rows);
  }

  private static String compareRow(Comparison c, List<String> targets, String measure,
      java.util.function.Function<RunResult, String> value, boolean closed) {
    StringBuilder b = new StringBuilder("| " + c.scenario() + " | " + measure + " |");
    Map<String, RunResult> results = closed ? c.closed() : c.open();
    for (String t : targets) {
      RunResult r = results.get(t);
      String skip = c.skipped().get(t);
      b.append(' ').append(r != null ? value.apply(r) + flag(r)
          : skip != null ? "skipped (" + cell(skip) + ")" : "-").append(" |");
    }
    for (String t : targets) {
      if (!"brisk".equals(t)) {
        b.append(' ').append(closed ? ratio(c.ratio("brisk", t)) : "").append(" |");
      }
    }
    return b.toString();
  }

  private static String roundsRow(String scenario, String measure,
      Map<String, List<RunResult>> rounds, List<String> targets,
      java.util.function.Function<RunResult, String> value) {
    StringBuilder b = new StringBuilder("| " + scenario + " | " + measure + " |");
    for (String t : targets) {
      List<RunResult> rs = rounds.getOrDefault(t, List.of());
      b.append(' ').append(rs.isEmpty() ? "-" : rs.stream().map(value)
          .collect(Collectors.joining(" / "))).append(" |");
    }
    targets.stream().filter(t -> !"brisk".equals(t)).forEach(t -> b.append(" |"));
    return b.toString();
  }

  /** {@code wrk} when any round was measured by wrk, else {@code closed}. */
  private static String model(Comparison c) {
    return c.closed().values().stream().anyMatch(r -> "wrk".equals(r.model())) ? "wrk"
        : "closed";
  }

  private static int connections(Comparison c) {
    return c.closed().values().stream().mapToInt(RunResult::connections).findFirst().orElse(0);
  }

  private static String flag(RunResult r) {
    return r.failed() + r.shed() > 0 ? " (" + (r.failed() + r.shed()) + " failed/shed)" : "";
  }

  private static String errors(RunResult r) {
    if (r.failed() == 0) {
      return "0";
    }
    String statuses = r.statuses().entrySet().stream()
        .filter(e -> e.getKey() >= 400 && e.getKey() != 429 && e.getKey() != 503)
        .map(e -> e.getKey() + "x" + e.getValue()).collect(Collectors.joining(" "));
    List<String> parts = new ArrayList<>(List.of(String.valueOf(r.failed())));
    if (!statuses.isEmpty()) {
      parts.add(statuses);
    }
    if (r.overflow() > 0) {
      parts.add("overflow " + r.overflow());
    }
    if (!r.failures().isEmpty()) {
      parts.add("io " + r.failures().values().stream().mapToLong(Long::longValue).sum());
    }
    return String.join(" ", parts);
  }

  static String ratio(double x) {
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2fx", x);
  }

  static String num(double x) {
    return String.format(Locale.ROOT, "%.0f", x);
  }

  static String ms(double x) {
    if (Double.isNaN(x)) {
      return "-";
    }
    return String.format(Locale.ROOT, x < 10 ? "%.2f" : x < 100 ? "%.1f" : "%.0f", x);
  }

  private static String cell(String s) {
    return s.replace('|', '/').replace('\n', ' ');
  }
}
