package dev.brisk.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway Redis: {@code redis-server} as a child process on a free loopback port, persistence
 * off, ready once it answers {@code PING}. Blocking; starting thread only.
 */
final class RedisServer {

  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
  private static final int PORT_ATTEMPTS = 3;
  private static final Duration POLL = Duration.ofMillis(20);

  private final Path executable;
  private final Process process;
  private final int port;

  private RedisServer(Path executable, Process process, int port) {
    this.executable = executable;
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code redisServer} with its files in {@code dir}; {@code onSpawn} records each spawned
   * process before waiting on it, so a JVM killed meanwhile leaves a trace for the stale cleanup.
   */
  static RedisServer start(Path redisServer, Path dir, Duration timeout,
      Consumer<ProcessHandle> onSpawn) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Path log = dir.resolve("redis.log");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw failure("cannot create " + dir + ": " + e.getMessage(), null);
    }
    for (int attempt = 1; ; attempt++) {
      int port = Commands.freePort();
      Process process = spawn(redisServer, dir, port, log, onSpawn);
      String problem = awaitReady(process, port, deadline);
      if (problem == null) {
        LOG.info("Redis started on port {} from {} (pid {})", port, redisServer, process.pid());
        return new RedisServer(redisServer, process, port);
      }
      Commands.kill(process.toHandle(), Duration.ofSeconds(2));
      String output = Commands.tail(log);
      if (attempt < PORT_ATTEMPTS && output.contains("Address already in use")) {
        continue;
      }
      throw failure(redisServer + " " + problem, output);
    }
  }

  private static Process spawn(Path redisServer, Path dir, int port, Path log,
      Consumer<ProcessHandle> onSpawn) {
    Process process;
    try {
      process = Commands.launch(command(redisServer, dir, port), dir, log);
    } catch (IllegalStateException e) {
      throw failure(e.getMessage(), null);
    }
    try {
      onSpawn.accept(process.toHandle());
      return process;
    } catch (RuntimeException e) {
      Commands.kill(process.toHandle(), Duration.ofSeconds(2));
      throw e;
    }
  }

  private static List<String> command(Path redisServer, Path dir, int port) {
    return List.of(redisServer.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--dir", dir.toString());
  }

  /** Null when ready, else why not (exited, or no answer before the deadline). */
  private static String awaitReady(Process process, int port, long deadline) {
    while (true) {
      if (ping(port)) {
        return null;
      }
      if (!process.isAlive()) {
        return "exited with code " + process.exitValue() + " before answering PING";
      }
      if (System.nanoTime() - deadline > 0) {
        return "did not answer PING on port " + port + " before the start timeout";
      }
      Commands.pause(POLL);
    }
  }

  private static boolean ping(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code redis://127.0.0.1:PORT}. */
  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** The redis-server executable. */
  Path executable() {
    return executable;
  }

  /** The redis-server pid. */
  long pid() {
    return process.pid();
  }

  /** SIGTERM (Redis exits without saving, persistence is off), SIGKILL after 5 s; true if gone. */
  boolean stop() {
    return Commands.kill(process.toHandle(), Duration.ofSeconds(5));
  }

  /** A start failure: why, the output tail if any, and the variable to set instead. */
  static IllegalStateException failure(String why, String output) {
    String message = "Could not start the Redis dev service: " + why
        + (output == null ? "" : "\n--- last output ---\n" + output + "\n---")
        + "\nSet " + DevServices.REDIS_URL_KEY + "=redis://HOST:PORT to use your own Redis "
        + "instead.";
    return new IllegalStateException(message);
  }
}
