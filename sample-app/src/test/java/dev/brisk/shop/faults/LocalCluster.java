package dev.brisk.shop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code deploy/local-cluster} driven from a test: {@code up} with the test's own stores (their
 * URLs and cursor key in the environment, so the script starts no dev services), the instances'
 * ports and pids from its state directory, and {@code down}. Test threads only.
 */
final class LocalCluster {

  private static final Path SCRIPT = Path.of("..", "deploy", "local-cluster").toAbsolutePath();
  private static final Path STATE = Path.of("target", "cluster-it").toAbsolutePath();

  private final Map<String, String> env;
  private final int port;

  private LocalCluster(Map<String, String> env, int port) {
    this.env = env;
    this.port = port;
  }

  /** Runs {@code up} with {@code instances} shop instances and HAProxy on {@code port}. */
  static LocalCluster up(Map<String, String> stores, int instances, int port) throws Exception {
    LocalCluster cluster = new LocalCluster(stores, port);
    cluster.run("down");
    Map<String, String> env = new HashMap<>(stores);
    env.put("INSTANCES", Integer.toString(instances));
    cluster.run("up", env);
    return cluster;
  }

  int port() {
    return port;
  }

  /** The script's state directory ({@code CLUSTER_DIR}). */
  Path stateDir() {
    return STATE;
  }

  /** The port of instance {@code n} (1-based). */
  int instancePort(int n) throws IOException {
    return Integer.parseInt(Files.readString(STATE.resolve("instance-" + n + ".port")).trim());
  }

  /** The pids of the instances, in order. */
  List<Long> pids() throws IOException {
    List<Long> pids = new ArrayList<>();
    int instances = Integer.parseInt(Files.readString(STATE.resolve("instances")).trim());
    for (int n = 1; n <= instances; n++) {
      pids.add(Long.parseLong(Files.readString(STATE.resolve("instance-" + n + ".pid")).trim()));
    }
    return pids;
  }

  void down() throws Exception {
    run("down");
  }

  private void run(String command) throws Exception {
    run(command, env);
  }

  private void run(String command, Map<String, String> vars) throws Exception {
    Path out = Files.createTempFile("local-cluster", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), command)
          .redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("BRISK_"));
      pb.environment().putAll(vars);
      pb.environment().put("PORT", Integer.toString(port));
      pb.environment().put("CLUSTER_DIR", STATE.toString());
      pb.environment().put("JAVA_OPTS", "-Xmx256m -XX:+ExitOnOutOfMemoryError");
      Process process = pb.start();
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("local-cluster " + command).isTrue();
      assertThat(process.exitValue()).as("local-cluster " + command + ":\n"
          + Files.readString(out) + logs()).isZero();
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The tail of every instance log, for a failed command's message. */
  private static String logs() throws IOException {
    StringBuilder text = new StringBuilder();
    if (Files.isDirectory(STATE)) {
      try (Stream<Path> files = Files.list(STATE)) {
        for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
          List<String> lines = Files.readAllLines(log);
          text.append("\n--- ").append(log.getFileName()).append('\n').append(String.join("\n",
              lines.subList(Math.max(0, lines.size() - 15), lines.size())));
        }
      }
    }
    return text.toString();
  }
}
