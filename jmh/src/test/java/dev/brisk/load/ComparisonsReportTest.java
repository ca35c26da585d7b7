package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Open-model rounds: the median p99 is reported, and every round's p99 is listed. */
class ComparisonsReportTest {

  @Test
  void the_round_with_the_median_p99_is_reported_whatever_the_order() {
    RunResult fast = open("brisk", 2, 1_000);
    RunResult middle = open("brisk", 5, 1_000);
    RunResult slow = open("brisk", 40, 1_000);
    assertThat(Comparisons.medianP99(List.of(slow, fast, middle))).isSameAs(middle);
    assertThat(Comparisons.medianP99(List.of(middle, slow, fast))).isSameAs(middle);
  }

  @Test
  void the_report_shows_the_median_p99_and_every_rounds_p99() {
    List<RunResult> brisk = List.of(open("brisk", 40, 1_000), open("brisk", 3, 1_000),
        open("brisk", 5, 1_000));
    List<RunResult> baseline = List.of(open("baseline", 4, 1_000), open("baseline", 6, 1_000),
        open("baseline", 4, 1_000));
    Comparison c = new Comparison("get", Map.of(), Map.of(),
        Map.of("brisk", Comparisons.medianP99(brisk),
            "baseline", Comparisons.medianP99(baseline)),
        Map.of("brisk", brisk, "baseline", baseline), Map.of(), 1_000);
    String table = ReportTable.comparisons(List.of(c), List.of("brisk", "baseline"));
    assertThat(table).contains("| get | p99 ms @ 1000/s (open, median) | 5.00 | 4.00 |");
    assertThat(table).contains("| get | rounds p99 ms | 40.0 / 3.00 / 5.00 | 4.00 / 6.00 / 4.00 |");
  }

  /** An open-model round whose every latency is {@code millis}. */
  private static RunResult open(String target, long millis, int requests) {
    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    h.recordValueWithCount(TimeUnit.MILLISECONDS.toNanos(millis), requests);
    return new RunResult(target, "get", "open", 1_000, 64, TimeUnit.SECONDS.toNanos(1), requests,
        0, 0, 0, h, h, 0, Map.of(200, (long) requests), Map.of());
  }
}
