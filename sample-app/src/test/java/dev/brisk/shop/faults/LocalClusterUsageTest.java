package dev.brisk.shop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy/local-cluster up} refuses bad settings before it starts anything. */
class LocalClusterUsageTest {

  private static final Path SCRIPT = Path.of("..", "deploy", "local-cluster").toAbsolutePath();

  @Test
  void a_busy_port_is_refused_before_anything_starts(@TempDir Path state) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Result up = up(state, Integer.toString(busy.getLocalPort()));

      assertThat(up.exit).as(up.output).isEqualTo(1);
      assertThat(up.output).contains("port " + busy.getLocalPort() + " is in use");
      assertThat(state.toFile().list()).as("nothing started").isEmpty();
    }
  }

  @Test
  void a_port_out_of_range_is_refused(@TempDir Path state) throws Exception {
    for (String port : new String[] {"0", "65536", "99999999999999999999", "80a", "-1"}) {
      Result up = up(state, port);
      assertThat(up.exit).as(port + ": " + up.output).isEqualTo(1);
      assertThat(up.output).contains("PORT must be a port number (1-65535)");
    }
  }

  private record Result(int exit, String output) {
  }

  private static Result up(Path state, String port) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "up").redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("BRISK_"));
    pb.environment().put("PORT", port);
    pb.environment().put("CLUSTER_DIR", state.toString());
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("local-cluster up returned").isTrue();
    return new Result(process.exitValue(), output);
  }
}
