package dev.brisk.load;

import dev.brisk.load.baseline.BaselineOptions;
import dev.brisk.load.baseline.BaselineServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the servers under load (sample app, baseline, peer) and stops every one of them on
 * {@link #close()} or JVM shutdown. Main thread only.
 */
final class Launcher implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

  private final LoadOptions options;
  private final String javaCommand = ProcessHandle.current().info().command().orElse("java");
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Thread hook = new Thread(this::stopAll, "load-launcher-shutdown");
  private String pgUrl;
  private int apps;

  Launcher(LoadOptions options) {
    this.options = options;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The sample app as a child process (or {@code --url}); waits for {@code /health/ready}. */
  Target brisk() throws InterruptedException {
    return brisk(List.of());
  }

  /** Like {@link #brisk()} with extra app arguments ({@code --concurrency-limit off}). */
  Target brisk(List<String> appArgs) throws InterruptedException {
    pgUrl = options.pgUrl();
    if (options.url() != null) {
      return new Target("brisk", URI.create(options.url()), "Brisk sample app at " + options.url());
    }
    requireFile(options.appJar().toString(), "./mvnw -q -DskipTests package");
    int port = freePort();
    List<String> tail = new ArrayList<>(List.of("-jar", options.appJar().toString(),
        "--port", String.valueOf(port), "--dataset", options.dataset(),
        "--cache", options.briskCache()));
    tail.addAll(appArgs);
    List<String> cmd = command(tail);
    // OverloadMain's cost part starts five apps: each needs its own log, not one shared file.
    apps++;
    ChildProcess app = ChildProcess.start(apps == 1 ? "brisk" : "brisk-" + apps, cmd,
        pgUrl == null ? Map.of() : Map.of("BRISK_PG_URL", pgUrl), options.logDir());
    started.push(app);
    URI base = URI.create("http://127.0.0.1:" + port);
    System.out.println("Starting the sample app (log " + app.log() + ") ...");
    app.awaitReady(base.resolve("/health/ready"), READY_TIMEOUT);
    if (pgUrl == null) {
      pgUrl = app.awaitPgUrl(Duration.ofSeconds(1));
    }
    return new Target("brisk", base, "Brisk sample app (" + options.appJar() + ", cache "
        + options.briskCache() + ")");
  }

  /** The raw vertx-web baseline against the same database; call after {@link #brisk()}. */
  Target baseline() throws InterruptedException {
    requirePg("baseline");
    if ("inprocess".equals(options.baselineMode())) {
      Vertx vertx = Vertx.vertx();
      BaselineServer server = BaselineServer.start(vertx, BaselineOptions.defaults(pgUrl)).await();
      started.push(() -> {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
      });
      return new Target("baseline", URI.create("http://127.0.0.1:" + server.port()),
          "raw vertx-web + vertx-pg-client, in the harness's JVM");
    }
    List<String> cmd = command(List.of("-cp", System.getProperty("java.class.path"),
        "dev.brisk.load.baseline.BaselineMain"));
    return child("baseline", cmd, "raw vertx-web + vertx-pg-client, own JVM");
  }

  /** The Spring WebFlux + R2DBC peer against the same database; call after {@link #brisk()}. */
  Target peer() throws InterruptedException {
    requirePg("peer");
    requireFile(options.peerJar().toString(), "./mvnw -q -pl peer-webflux -DskipTests package");
    List<String> cmd = command(List.of("-jar", options.peerJar().toString()));
    return child("peer", cmd, "Spring Boot 4.0.7 WebFlux + R2DBC (r2dbc-postgresql), own JVM");
  }

  /** The Quarkus REST peer against the same database; call after {@link #brisk()}. */
  Target quarkus() throws InterruptedException {
    requirePg("quarkus");
    requireFile(options.quarkusJar().toString(), "./mvnw -q -pl peer-quarkus -DskipTests package");
    List<String> cmd = command(List.of("-jar", options.quarkusJar().toString()));
    return child("quarkus", cmd, "Quarkus 3.33.2 REST + reactive PostgreSQL client, own JVM");
  }

  private Target child(String name, List<String> cmd, String description)
      throws InterruptedException {
    int port = freePort();
    ChildProcess p = ChildProcess.start(name, cmd,
        Map.of("BRISK_PG_URL", pgUrl, "PORT", String.valueOf(port)), options.logDir());
    started.push(p);
    URI base = URI.create("http://127.0.0.1:" + port);
    p.awaitReady(base.resolve("/health/ready"), Duration.ofMinutes(2));
    return new Target(name, base, description);
  }

  private List<String> command(List<String> tail) {
    List<String> cmd = new ArrayList<>(List.of(javaCommand));
    options.jvmArgs().stream().filter(a -> !a.isBlank()).forEach(cmd::add);
    cmd.addAll(tail);
    return cmd;
  }

  private void requirePg(String what) {
    if (pgUrl == null) {
      throw new IllegalStateException(what + " needs a database: pass --pg-url or set "
          + "BRISK_PG_URL (the app printed no Dev services line)");
    }
  }

  private static void requireFile(String path, String build) {
    if (!Files.isRegularFile(Path.of(path))) {
      throw new IllegalStateException(path + " not found; build it with: " + build);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void stopAll() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("stopping a server failed: " + e);
      }
    }
  }

  /** Stops every started server, newest first. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs stopAll, which is idempotent.
    }
  }
}
