package dev.brisk.page;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests: {@code BRISK_PG_URL} when set, else one throwaway server per JVM
 * started from the locally installed binaries (as {@code nobody} when running as root). Meant to
 * be replaced by {@code DevServices.shared()} once that lands; nothing else knows how PG starts.
 */
final class TestPg {

  private static String url;

  private TestPg() {
  }

  /** A pool on the test database; close it after the test. */
  static Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(2))
        .connectingTo(url())
        .using(vertx)
        .build();
  }

  /** Blocks the test thread (never an event loop) until {@code f} completes. */
  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("database call failed: " + e.getMessage(), e);
    }
  }

  static synchronized String url() {
    if (url == null) {
      String env = System.getenv("BRISK_PG_URL");
      url = env != null && !env.isBlank() ? env : startLocal();
    }
    return url;
  }

  private static String startLocal() {
    try {
      Path bin = binDir();
      Path dir = Files.createTempDirectory("brisk-page-pg");
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
      if (root) {
        run(List.of("chown", "nobody:nogroup", dir.toString()), false);
      }
      run(List.of(bin.resolve("initdb").toString(), "-D", dir + "/data", "-A", "trust",
          "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"), root);
      List<String> ctl = List.of(bin.resolve("pg_ctl").toString(), "-D", dir + "/data");
      List<String> start = new ArrayList<>(ctl);
      start.addAll(List.of("-l", dir + "/pg.log", "-w", "-t", "30", "-o", "-p " + port + " -k "
          + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
          + " -c full_page_writes=off", "start"));
      run(start, root);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(ctl, dir, root)));
      return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a test PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static Path binDir() throws IOException {
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> majors = Files.list(debian)) {
        Path newest = majors.filter(p -> p.getFileName().toString().matches("\\d+"))
            .map(p -> p.resolve("bin"))
            .filter(p -> Files.isExecutable(p.resolve("initdb")))
            .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName() + "")))
            .orElse(null);
        if (newest != null) {
          return newest;
        }
      }
    }
    throw new IllegalStateException("no PostgreSQL binaries under /usr/lib/postgresql; set "
        + "BRISK_PG_URL to run the PostgreSQL tests");
  }

  private static void stop(List<String> ctl, Path dir, boolean root) {
    try {
      List<String> stop = new ArrayList<>(ctl);
      stop.addAll(List.of("-m", "immediate", "-w", "stop"));
      run(stop, root);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("test PostgreSQL cleanup failed: " + e.getMessage());
    }
  }

  private static void run(List<String> command, boolean asNobody) throws IOException {
    List<String> full = new ArrayList<>();
    if (asNobody) {
      full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    full.addAll(command);
    // Output goes to a file, not a pipe: the postmaster pg_ctl forks must not hold our pipe open.
    File log = File.createTempFile("brisk-page-pg", ".out");
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: "
            + Files.readString(log.toPath()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      log.delete();
    }
  }
}
