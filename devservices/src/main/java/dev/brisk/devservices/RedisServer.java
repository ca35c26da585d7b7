package dev.brisk.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway Redis: {@code redis-server} as a child process on a free port of 127.0.0.1,
 * persistence off, a random {@code requirepass} and the commands that reach the file system,
 * replication or the server configuration renamed away. The secrets live in a 0600 config file,
 * never on the command line (which every local user can read). Ready once it answers
 * {@code PING} after {@code AUTH}. Blocking; starting thread only.
 */
final class RedisServer {

  /** Disabled with {@code rename-command X ""}; all exist in Redis 6.0 and later. */
  static final List<String> DISABLED_COMMANDS = List.of("ACL", "BGREWRITEAOF", "BGSAVE",
      "CONFIG", "DEBUG", "MIGRATE", "MODULE", "PFDEBUG", "PSYNC", "REPLICAOF", "SAVE",
      "SHUTDOWN", "SLAVEOF", "SYNC");

  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
  private static final int PORT_ATTEMPTS = 3;
  private static final Duration POLL = Duration.ofMillis(20);

  private final BinaryCheck executable;
  private final Path dir;
  private final Path logs;
  private final RunAs runAs;
  private final int port;
  private final String password;
  private volatile Process process;

  private RedisServer(BinaryCheck executable, Path dir, Path logs, RunAs runAs, Process process,
      int port, String password) {
    this.executable = executable;
    this.dir = dir;
    this.logs = logs;
    this.runAs = runAs;
    this.process = process;
    this.port = port;
    this.password = password;
  }

  /**
   * Starts {@code redisServer} with its files in the new directory {@code dir} and its output in
   * {@code logs}; {@code onSpawn} records each spawned process before waiting on it, so a JVM
   * killed meanwhile leaves a trace for the stale cleanup.
   */
  static RedisServer start(BinaryCheck redisServer, Path dir, Path logs, RunAs runAs,
      Duration timeout, Consumer<ProcessHandle> onSpawn) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Path out = logs.resolve("redis.out");
    String password = Secrets.password();
    Path config = prepare(dir, runAs, password);
    for (int attempt = 1; ; attempt++) {
      int port = Commands.freePort();
      Process process = spawn(runAs.wrap(command(redisServer, config, dir, port)), dir, out,
          onSpawn);
      String problem = awaitReady(process, port, password, deadline);
      if (problem == null) {
        LOG.info("Redis started on 127.0.0.1:{} from {} {} (pid {})", port,
            redisServer.path(), runAs.describe(), process.pid());
        return new RedisServer(redisServer, dir, logs, runAs, process, port, password);
      }
      Commands.kill(process.toHandle(), Duration.ofSeconds(2));
      String output = Commands.tail(out);
      if (attempt < PORT_ATTEMPTS && output.contains("Address already in use")) {
        continue;
      }
      throw failure(redisServer.path() + " " + runAs.describe() + " " + problem, output);
    }
  }

  /** Creates {@code dir} (0700) with the config file (0600), both owned by the store account. */
  private static Path prepare(Path dir, RunAs runAs, String password) {
    Path config = dir.resolve("redis.conf");
    try {
      StateDirs.privateDir(dir);
      StateDirs.writePrivate(config, config(password));
      runAs.own(config);
      runAs.own(dir);
      return config;
    } catch (IOException | RuntimeException e) {
      throw failure("cannot prepare " + dir + ": " + e.getMessage(), null);
    }
  }

  static String config(String password) {
    return "requirepass " + password + "\n" + DISABLED_COMMANDS.stream()
        .map(c -> "rename-command " + c + " \"\"\n").collect(Collectors.joining());
  }

  private static List<String> command(BinaryCheck redisServer, Path config, Path dir, int port) {
    try {
      redisServer.verify();
    } catch (RuntimeException e) {
      throw failure(e.getMessage(), null);
    }
    return List.of(redisServer.path().toString(), config.toString(), "--port",
        Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "yes", "--save", "",
        "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString());
  }

  private static Process spawn(List<String> command, Path dir, Path out,
      Consumer<ProcessHandle> onSpawn) {
    Process process;
    try {
      process = Commands.launch(command, dir, out);
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

  /** Null when ready, else why not (exited, or no answer before the deadline). */
  private static String awaitReady(Process process, int port, String password, long deadline) {
    while (true) {
      if (authAndPing(port, password)) {
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

  private static boolean authAndPing(int port, String password) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write(("AUTH " + password + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(12);
      return new String(reply, StandardCharsets.US_ASCII).equals("+OK\r\n+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts {@code redis-server} again on the same port, password and directory after it stopped
   * or was killed (its data is gone: persistence is off), for fault-injection tests.
   */
  void restart(Duration timeout, Consumer<ProcessHandle> onSpawn) {
    Process old = process;
    // A killed child counts as alive until the JDK has reaped it: give that a moment.
    if (!Commands.awaitExit(old.toHandle(), Duration.ofSeconds(5)) || !exited(old)) {
      throw new IllegalStateException("Redis (pid " + old.pid() + ") still runs");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Process started = spawn(runAs.wrap(command(executable, dir.resolve("redis.conf"), dir,
        port)), dir, logs.resolve("redis.out"), onSpawn);
    String problem = awaitReady(started, port, password, deadline);
    if (problem != null) {
      Commands.kill(started.toHandle(), Duration.ofSeconds(2));
      throw failure("restart: " + problem, Commands.tail(logs.resolve("redis.out")));
    }
    process = started;
    LOG.info("Redis restarted on 127.0.0.1:{} (pid {})", port, started.pid());
  }

  private static boolean exited(Process process) {
    try {
      return process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The running redis-server. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** {@code redis://:PASSWORD@127.0.0.1:PORT}. */
  String url() {
    return "redis://:" + password + "@127.0.0.1:" + port;
  }

  /** The redis-server binary. */
  BinaryCheck executable() {
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

  /** A start failure: why, the output tail if any, and what to set instead. */
  static IllegalStateException failure(String why, String output) {
    String message = "Could not start the Redis dev service: " + why
        + (output == null ? "" : "\n--- last output ---\n" + output + "\n---")
        + "\nSet " + DevServices.PG_URL_KEY + " and " + DevServices.REDIS_URL_KEY
        + " to use your own PostgreSQL and Redis instead.";
    return new IllegalStateException(message);
  }
}
