package dev.brisk.load;

import java.util.List;
import java.util.Map;

/**
 * One endpoint measured on several targets: closed-model maximum throughput, then open-model
 * latency at a common rate (half the slowest target's maximum).
 *
 * @param scenario scenario name ({@code get}, {@code page})
 * @param closed median closed-model round per target name, in target order
 * @param rounds every closed-model round per target name, in the order run
 * @param open per target name, the open-model round at {@code commonRate} with the median p99
 * @param openRounds every open-model round per target name, in the order run
 * @param skipped skip reason per target name
 * @param commonRate the open-model rate all targets ran at
 */
public record Comparison(String scenario, Map<String, RunResult> closed,
    Map<String, List<RunResult>> rounds, Map<String, RunResult> open,
    Map<String, List<RunResult>> openRounds, Map<String, String> skipped, long commonRate) {

  /** {@code a}'s closed-model OK throughput over {@code b}'s, or NaN when either is missing. */
  public double ratio(String a, String b) {
    RunResult x = closed.get(a);
    RunResult y = closed.get(b);
    if (x == null || y == null || y.okThroughput() == 0) {
      return Double.NaN;
    }
    return x.okThroughput() / y.okThroughput();
  }
}
