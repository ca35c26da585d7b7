package dev.brisk.load;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Closed-model maximum-throughput rounds measured by wrk (Debian package {@code wrk}), for the
 * comparison's ratios: a C generator on one thread costs the shared cores less than a JVM client.
 * The scenario's first {@value #SCRIPT_REQUESTS} requests go into a Lua script that wrk replays in
 * turn. Main thread only; blocks while wrk runs.
 */
final class Wrk {

  static final int SCRIPT_REQUESTS = 4096;
  private static final Pattern REQUESTS =
      Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)\\b");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  /** How long past its duration a round may take before wrk is taken as hung and killed. */
  private static final Duration GRACE = Duration.ofSeconds(30);

  private final String binary;
  private final Duration grace;

  Wrk(String binary, Duration grace) {
    this.binary = binary;
    this.grace = grace;
  }

  /**
   * wrk from the PATH; when missing, installs Debian's {@code wrk} package with apt-get (the
   * harness runs as root on the project's machines). Empty, with a note, when that fails.
   */
  static Optional<Wrk> locate(List<String> notes) throws InterruptedException {
    Optional<String> found = onPath();
    if (found.isEmpty()) {
      System.out.println("wrk not found: installing the Debian package wrk with apt-get ...");
      if (run(List.of("apt-get", "install", "-y", "-q", "wrk")) != 0) {
        run(List.of("apt-get", "update", "-q"));
        run(List.of("apt-get", "install", "-y", "-q", "wrk"));
      }
      found = onPath();
    }
    if (found.isEmpty()) {
      notes.add("wrk is not installed and `apt-get install wrk` failed: the comparison's "
          + "maximum throughput was measured by the harness's own closed-model client.");
    }
    return found.map(binary -> new Wrk(binary, GRACE));
  }

  /**
   * One round of {@code duration} (whole seconds, at least 1) against {@code base} with
   * {@code threads} wrk threads sharing {@code connections}.
   */
  RunResult run(String target, URI base, Scenario scenario, int connections, int threads,
      Duration duration) throws InterruptedException {
    Path script = null;
    Path output = null;
    Process p = null;
    try {
      script = Files.createTempFile("brisk-wrk-", ".lua");
      output = Files.createTempFile("brisk-wrk-", ".out");
      // Gone at exit even when the run is interrupted (Ctrl-C skips the finally below).
      script.toFile().deleteOnExit();
      output.toFile().deleteOnExit();
      Files.writeString(script, script(scenario, SCRIPT_REQUESTS), StandardCharsets.UTF_8);
      long seconds = Math.max(1, Math.round(duration.toMillis() / 1000.0));
      // To a file, not a pipe read to its end: a wrk that hangs would hang the harness with it.
      p = new ProcessBuilder(binary, "-t" + threads, "-c" + connections,
          "-d" + seconds + "s", "--timeout", "10s", "-s", script.toString(), base.toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!p.waitFor(seconds * 1000 + grace.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("wrk did not finish within " + seconds + " s + "
            + grace.toSeconds() + " s against " + base + ": killed");
      }
      String out = Files.readString(output, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("wrk failed against " + base + ": " + out);
      }
      return parse(target, scenario.name(), connections, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run wrk", e);
    } finally {
      if (p != null) {
        stop(p);
      }
      for (Path file : new Path[] {script, output}) {
        if (file != null) {
          file.toFile().delete();
        }
      }
    }
  }

  /** Kills {@code p} and waits for it to go (a killed wrk is not gone when destroy returns). */
  private static void stop(Process p) {
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A Lua script replaying the scenario's first {@code n} GET requests in turn. */
  static String script(Scenario scenario, int n) {
    RequestSpec first = scenario.request(0);
    StringBuilder lua = new StringBuilder("local paths = {\n");
    for (long seq = 0; seq < n; seq++) {
      RequestSpec r = scenario.request(seq);
      if (!"GET".equals(r.method().name()) || r.body() != null) {
        throw new IllegalArgumentException("wrk rounds replay GET requests only; "
            + scenario.name() + " sends " + r.method());
      }
      lua.append("  \"").append(lua(r.uri())).append("\",\n");
    }
    lua.append("}\nlocal i = 0\n");
    first.headers().forEach(h -> lua.append("wrk.headers[\"").append(lua(h.getKey()))
        .append("\"] = \"").append(lua(h.getValue())).append("\"\n"));
    lua.append("request = function()\n  i = i % #paths + 1\n")
        .append("  return wrk.format(\"GET\", paths[i])\nend\n");
    return lua.toString();
  }

  /** wrk's summary as a closed-model result without latency (wrk's is not CO-corrected). */
  static RunResult parse(String target, String scenario, int connections, String out) {
    Matcher m = REQUESTS.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no request count in wrk's output: " + out);
    }
    long requests = Long.parseLong(m.group(1));
    double value = Double.parseDouble(m.group(2));
    long unit = switch (m.group(3)) {
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "m" -> 60_000_000_000L;
      default -> 1_000_000_000L;
    };
    long elapsed = Math.round(value * unit);
    long non2xx = group(NON_2XX, out, 1);
    Matcher s = SOCKET.matcher(out);
    long socket = 0;
    if (s.find()) {
      for (int g = 1; g <= 4; g++) {
        socket += Long.parseLong(s.group(g));
      }
    }
    Map<String, Long> failures = socket == 0 ? Map.of() : Map.of("wrk socket errors", socket);
    return new RunResult(target, scenario, "wrk", 0, connections, elapsed, requests - non2xx, 0,
        non2xx + socket, 0, new Histogram(3), new Histogram(3), 0, Map.of(), failures);
  }

  private static long group(Pattern p, String out, int g) {
    Matcher m = p.matcher(out);
    return m.find() ? Long.parseLong(m.group(g)) : 0;
  }

  private static String lua(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static Optional<String> onPath() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
    dirs.add("/usr/bin");
    return dirs.stream().map(d -> Path.of(d, "wrk")).filter(Files::isExecutable)
        .map(Path::toString).findFirst();
  }

  private static int run(List<String> command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).inheritIO().start();
      return p.waitFor(10, TimeUnit.MINUTES) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
