package dev.brisk.fields;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests: {@code BRISK_PG_URL} when set, else one throwaway server per JVM
 * from the local PostgreSQL binaries (run as {@code nobody} when the JVM is root), stopped by a
 * shutdown hook. Meant to be replaced by {@code DevServices.shared()}. Blocking: call it from test
 * setup, never from an event loop.
 */
final class TestPg {
  private static final String SCHEMA = "brisk_fields_test";
  private static String url;

  private TestPg() {
  }

  /** A pool whose connections use the test schema ({@code search_path}). */
  static Pool pool(Vertx vertx) {
    PgConnectOptions options = PgConnectOptions.fromUri(url())
        .setProperties(Map.of("search_path", SCHEMA));
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options)
        .using(vertx).build();
  }

  /** Drops and recreates the test schema, then runs {@code statements} in order. */
  static Future<Void> reset(Pool pool, List<String> statements) {
    List<String> all = new ArrayList<>();
    all.add("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    all.add("CREATE SCHEMA " + SCHEMA);
    all.addAll(statements);
    return pool.withConnection(conn -> {
      Future<Void> chain = Future.succeededFuture();
      for (String sql : all) {
        chain = chain.compose(v -> conn.query(sql).execute().<Void>mapEmpty());
      }
      return chain;
    });
  }

  static synchronized String url() {
    if (url == null) {
      String fromEnv = System.getenv("BRISK_PG_URL");
      url = fromEnv != null && !fromEnv.isBlank() ? fromEnv : start();
    }
    return url;
  }

  private static String start() {
    try {
      Path bin = Path.of("/usr/lib/postgresql/15/bin");
      if (!Files.isExecutable(bin.resolve("initdb"))) {
        throw new IllegalStateException("no PostgreSQL binaries at " + bin
            + "; set BRISK_PG_URL to a PostgreSQL server");
      }
      Path dir = Files.createTempDirectory("brisk-fields-pg");
      boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"),
          "unix:uid"));
      List<String> asUser = root
          ? List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--")
          : List.of();
      if (root) {
        run(List.of("chown", "-R", "nobody:nogroup", dir.toString()));
      }
      int port = freePort();
      Path data = dir.resolve("data");
      run(concat(asUser, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust",
          "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"));
      run(concat(asUser, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
          dir.resolve("pg.log").toString(), "-w", "-t", "30", "-o", "-p " + port + " -k " + dir
              + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
              + " -c full_page_writes=off", "start"));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(asUser, bin, data, dir)));
      return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    } catch (IOException e) {
      throw new IllegalStateException("could not start PostgreSQL for tests", e);
    }
  }

  private static void stop(List<String> asUser, Path bin, Path data, Path dir) {
    try {
      run(concat(asUser, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
          "immediate", "-w", "stop"));
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("could not stop test PostgreSQL in " + dir + ": " + e);
    }
  }

  private static List<String> concat(List<String> prefix, String... command) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(List.of(command));
    return all;
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command.get(0), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
