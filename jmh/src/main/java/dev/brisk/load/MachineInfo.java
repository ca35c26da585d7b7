package dev.brisk.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the numbers came from: {@code nproc}, {@code free -g}, {@code java -version}, CPU model and
 * load average at the start (other work on the machine skews results).
 */
public record MachineInfo(String when, String nproc, String free, String javaVersion, String cpu,
    String loadAverage) {

  /** Runs the commands; blocks the calling (main) thread for well under a second. */
  public static MachineInfo capture(String javaCommand) {
    return new MachineInfo(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        run(List.of("nproc")), run(List.of("free", "-g")),
        run(List.of(javaCommand, "-version")), cpuModel(), firstLine("/proc/loadavg"));
  }

  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out.stripTrailing();
    } catch (IOException e) {
      return "(" + command.get(0) + " failed: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String firstLine(String file) {
    try {
      return Files.readAllLines(Path.of(file)).get(0);
    } catch (IOException | IndexOutOfBoundsException e) {
      return "unknown";
    }
  }
}
