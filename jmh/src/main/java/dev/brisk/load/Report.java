package dev.brisk.load;

import java.util.List;
import java.util.Map;

/**
 * Everything one harness run measured, for the console table, the charts and docs/benchmarks.md.
 *
 * @param machine where it ran
 * @param command the command line
 * @param options parsed options
 * @param targets the targets, by name
 * @param runs open-model scenario runs against Brisk, in scenario order
 * @param warmUps closed-model warm-up per scenario name (full speed: a capacity estimate)
 * @param skipped skip reason per scenario name (Brisk)
 * @param searches rate searches ({@code --find-max}), possibly empty
 * @param comparisons side-by-side comparisons, possibly empty
 * @param notes anything else worth reading next to the tables (targets not started, warnings)
 */
public record Report(MachineInfo machine, String command, LoadOptions options,
    Map<String, Target> targets, List<RunResult> runs, Map<String, RunResult> warmUps,
    Map<String, String> skipped,
    List<RateSearch> searches, List<Comparison> comparisons, List<String> notes) {
}
