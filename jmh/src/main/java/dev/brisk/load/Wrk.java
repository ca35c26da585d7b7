package dev.brisk.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives {@code wrk} (a C client, closed model: N connections each sending its next request when
 * the previous answer arrives) and reads its requests/s, latency percentiles, errors and its own
 * CPU time, so a run reports how much of the machine the client took. Install with
 * {@code apt-get install -y wrk}. Main thread only.
 */
final class Wrk {

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)",
      Pattern.MULTILINE);
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern TIMES = Pattern.compile("(\\d+)m([0-9.]+)s (\\d+)m([0-9.]+)s");

  /** One run's figures; {@code clientCpuShare} is wrk's CPU over all CPU used meanwhile. */
  record Result(String target, String scenario, double requestsPerSecond, double p50Millis,
      double p99Millis, long errors, double clientCpuShare) {
  }

  /** A request mix: one fixed path, or uniform random ids under {@code idPrefix}. */
  record Mix(String scenario, String path, String idPrefix, long maxId) {

    static Mix fixed(String scenario, String path) {
      return new Mix(scenario, path, null, 0);
    }

    static Mix randomId(String scenario, String idPrefix, long maxId) {
      return new Mix(scenario, idPrefix + "1", idPrefix, maxId);
    }
  }

  private Wrk() {
  }

  /** Fails with the install command when wrk is not on the PATH. */
  static void requireInstalled() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("wrk is not installed: apt-get install -y wrk");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs wrk with {@code connections} over 2 threads for {@code duration} against {@code base}. */
  static Result run(String target, URI base, Mix mix, int connections, Duration duration)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", "wrk \"$@\"; times", "wrk",
        "-t2", "-c" + connections, "-d" + Math.max(1, duration.toSeconds()) + "s", "--latency"));
    Path script = null;
    if (mix.idPrefix() != null) {
      script = Files.createTempFile("brisk-wrk", ".lua");
      Files.writeString(script, "math.randomseed(42)\nrequest = function()\n"
          + "  return wrk.format(\"GET\", \"" + mix.idPrefix() + "\" .. math.random(1, "
          + mix.maxId() + "))\nend\n");
      cmd.add("-s");
      cmd.add(script.toString());
    }
    cmd.add(base.resolve(mix.path()).toString());
    long[] before = CpuTicks.read();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    long[] after = CpuTicks.read();
    if (script != null) {
      Files.deleteIfExists(script);
    }
    if (exit != 0 || !RPS.matcher(out).find()) {
      throw new IllegalStateException("wrk failed (exit " + exit + "):\n" + out);
    }
    return parse(target, mix.scenario(), out, CpuTicks.busySeconds(before, after));
  }

  static Result parse(String target, String scenario, String out, double machineCpuSeconds) {
    Matcher rps = RPS.matcher(out);
    rps.find();
    double p50 = 0;
    double p99 = 0;
    Matcher pct = PERCENTILE.matcher(out);
    while (pct.find()) {
      double ms = millis(Double.parseDouble(pct.group(2)), pct.group(3));
      if (pct.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    return new Result(target, scenario, Double.parseDouble(rps.group(1)), p50, p99,
        errors(out), share(out, machineCpuSeconds));
  }

  private static long errors(String out) {
    long errors = 0;
    Matcher non2xx = NON_2XX.matcher(out);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET.matcher(out);
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        errors += Long.parseLong(socket.group(i));
      }
    }
    return errors;
  }

  /** {@code times} prints the shell's then its children's user and system time. */
  private static double share(String out, double machineCpuSeconds) {
    Matcher times = TIMES.matcher(out);
    double child = 0;
    while (times.find()) {
      child = Long.parseLong(times.group(1)) * 60 + Double.parseDouble(times.group(2))
          + Long.parseLong(times.group(3)) * 60 + Double.parseDouble(times.group(4));
    }
    return machineCpuSeconds <= 0 ? 0 : Math.min(1, child / machineCpuSeconds);
  }

  private static double millis(double value, String unit) {
    return switch (unit) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }

  /** Busy CPU time of the whole machine from {@code /proc/stat} (Linux). */
  private static final class CpuTicks {
    private static final double HZ = 100;

    static long[] read() throws IOException {
      Path stat = Path.of("/proc/stat");
      if (!Files.isReadable(stat)) {
        return new long[] {0, 0};
      }
      String[] f = Files.readAllLines(stat).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total, idle};
    }

    static double busySeconds(long[] before, long[] after) {
      return ((after[0] - before[0]) - (after[1] - before[1])) / HZ;
    }
  }
}
