package dev.brisk.devservices;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Blocking process helpers shared by the store launchers; called from the starting thread. */
final class Commands {

  private static final int TAIL_BYTES = 4096;
  private static final int TAIL_LINES = 20;

  private Commands() {}

  /** Outcome of {@link #run}: exit code, killed after the timeout, or not started at all. */
  record Result(int exitCode, boolean timedOut, String launchError) {
    boolean ok() {
      return launchError == null && !timedOut && exitCode == 0;
    }

    String describe(Duration timeout) {
      if (launchError != null) {
        return "could not be run (" + launchError + ")";
      }
      return timedOut ? "did not finish within " + timeout : "exited with code " + exitCode;
    }
  }

  /**
   * Runs {@code command} in {@code dir} with stdout and stderr appended to {@code output}; kills it
   * (and its children) after {@code timeout}. Never throws for a command that cannot be started.
   */
  static Result run(List<String> command, Path dir, Path output, Duration timeout) {
    return run(command, dir, null, Map.of(), output, timeout);
  }

  /**
   * {@link #run(List, Path, Path, Duration)} with stdin read from {@code input} (null: empty) and
   * extra environment variables {@code env}.
   */
  static Result run(List<String> command, Path dir, Path input, Map<String, String> env,
      Path output, Duration timeout) {
    Process process;
    try {
      process = launch(command, dir, input, env, output);
    } catch (IllegalStateException e) {
      return new Result(-1, false, e.getMessage());
    }
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Result(process.exitValue(), false, null);
      }
      kill(process.toHandle(), Duration.ofSeconds(2));
      return new Result(-1, true, null);
    } catch (InterruptedException e) {
      kill(process.toHandle(), Duration.ofSeconds(2));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command.get(0), e);
    }
  }

  /** Starts {@code command} in {@code dir}, stdin empty, stdout and stderr appended to a file. */
  static Process launch(List<String> command, Path dir, Path output) {
    return launch(command, dir, null, Map.of(), output);
  }

  private static Process launch(List<String> command, Path dir, Path input,
      Map<String, String> env, Path output) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(input == null ? new File("/dev/null")
              : input.toFile()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Asks the process and its descendants to stop, then kills whatever is left after the grace;
   * true if all are gone.
   */
  static boolean kill(ProcessHandle handle, Duration grace) {
    List<ProcessHandle> all = handle.descendants().collect(Collectors.toList());
    all.add(0, handle);
    all.forEach(ProcessHandle::destroy);
    boolean gone = true;
    for (ProcessHandle h : all) {
      if (!awaitExit(h, grace)) {
        h.destroyForcibly();
        gone &= awaitExit(h, Duration.ofSeconds(2));
      }
    }
    return gone;
  }

  /** Waits up to {@code timeout} for the process to exit; true if it is gone. */
  static boolean awaitExit(ProcessHandle handle, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isRunning(handle)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      pause(Duration.ofMillis(25));
    }
    return true;
  }

  /**
   * Alive and not a zombie. A postmaster is not our child (pg_ctl daemonizes it), so after it
   * exits it stays a zombie until init reaps it, which some container inits do lazily.
   */
  static boolean isRunning(ProcessHandle handle) {
    return handle.isAlive() && !isZombie(handle.pid());
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')');
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The last lines of a text file (at most 4 KiB), or a note that it is missing. */
  static String tail(Path file) {
    try {
      byte[] bytes;
      // Never follow a link: the store account writes some of these directories.
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readAllBytes();
      }
      int from = Math.max(0, bytes.length - TAIL_BYTES);
      String text = new String(Arrays.copyOfRange(bytes, from, bytes.length),
          StandardCharsets.UTF_8);
      List<String> lines = text.lines().collect(Collectors.toList());
      List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
      return last.isEmpty() ? "(" + file + " is empty)" : String.join("\n", last);
    } catch (IOException e) {
      return "(no " + file + ": " + e.getMessage() + ")";
    }
  }

  /** A loopback port that was free a moment ago (the caller retries if it gets taken). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  /** Finds an executable {@code name} on PATH. */
  static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /** Sleeps briefly between readiness polls. */
  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a dev service", e);
    }
  }
}
