package dev.brisk.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server the harness launched (the sample app, the peer, the process-mode baseline): output goes
 * to a log file, the {@code Dev services:} line is captured, readiness is polled, and
 * {@link #close()} stops it (SIGTERM, then SIGKILL after 20 s). Used from the main thread; a
 * daemon thread pumps the output.
 */
final class ChildProcess implements AutoCloseable {

  private static final Pattern DEV_SERVICES =
      Pattern.compile("^Dev services: BRISK_PG_URL=(\\S+) BRISK_REDIS_URL=(\\S+)");

  private final String name;
  private final Process process;
  private final Path log;
  private final CountDownLatch devServicesSeen = new CountDownLatch(1);
  private volatile String pgUrl;
  private volatile String redisUrl;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with {@code env} added to the inherited environment. */
  static ChildProcess start(String name, List<String> command, Map<String, String> env,
      Path logDir) {
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(env);
      ChildProcess child = new ChildProcess(name, pb.start(), log);
      Thread pump = new Thread(child::pump, "load-" + name + "-output");
      pump.setDaemon(true);
      pump.start();
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.println(line);
        Matcher m = DEV_SERVICES.matcher(line);
        if (m.find()) {
          pgUrl = m.group(1);
          redisUrl = m.group(2);
          devServicesSeen.countDown();
        }
      }
    } catch (IOException e) {
      // The child closed its output: it is exiting; close() and awaitReady() notice.
    }
  }

  /** The child's name. */
  String name() {
    return name;
  }

  /** The log file the child's output goes to. */
  Path log() {
    return log;
  }

  /** The PostgreSQL URL from the child's {@code Dev services:} line, waiting up to timeout. */
  String awaitPgUrl(Duration timeout) throws InterruptedException {
    devServicesSeen.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return pgUrl;
  }

  /** The Redis URL from the {@code Dev services:} line, or null if none was printed. */
  String redisUrl() {
    return redisUrl;
  }

  /**
   * Polls {@code health} until it answers 200; fails when the child exits or time runs out.
   * Blocks the calling (main) thread.
   */
  void awaitReady(URI health, Duration timeout) throws InterruptedException {
    Probe probe = new Probe(health.resolve("/"), Map.of());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue()
            + " before it was ready; see " + log);
      }
      if (probe.get(health.getPath(), Map.of()).status() == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
  }

  /** Stops the child: SIGTERM (its shutdown hooks stop its dev services), SIGKILL after 20 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
