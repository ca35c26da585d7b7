package dev.brisk.load.baseline;

import dev.brisk.load.Cli;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the baseline as its own process (the harness's default, so it gets the same JVM flags as
 * Brisk and the peer): {@code BRISK_PG_URL=... PORT=8081 java -cp jmh/target/benchmarks.jar
 * dev.brisk.load.baseline.BaselineMain}. Runs on the main thread until killed.
 */
public final class BaselineMain {

  static final Cli.Syntax SYNTAX = new Cli.Syntax(String.join("\n",
      "BRISK_PG_URL=postgresql://... [PORT=8081] java -cp jmh/target/benchmarks.jar "
          + "dev.brisk.load.baseline.BaselineMain",
      "  takes no options: its database from BRISK_PG_URL (required), its port from PORT (8081)"),
      List.of(), List.of());

  private BaselineMain() {
  }

  /** Starts the baseline; prints {@code Baseline listening on port N}. */
  public static void main(String[] args) throws Exception {
    Cli.run(args, SYNTAX, cli -> options(System.getenv()), BaselineMain::start);
  }

  /** The options set by {@code env}; a {@link Cli.UsageException} names a missing or bad one. */
  static BaselineOptions options(Map<String, String> env) {
    String pg = env.get("BRISK_PG_URL");
    if (pg == null || pg.isBlank()) {
      throw new Cli.UsageException("BRISK_PG_URL is required");
    }
    String port = env.getOrDefault("PORT", "8081");
    try {
      return BaselineOptions.defaults(pg).withPort(Integer.parseInt(port));
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageException("PORT must be a whole number from 0 to 65535, was '" + port
          + "'");
    }
  }

  private static void start(BaselineOptions options) {
    Vertx vertx = Vertx.vertx();
    BaselineServer server = BaselineServer.start(vertx, options).await();
    System.out.println("Baseline listening on port " + server.port());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        System.err.println("baseline did not stop within 10 s");
      }
    }));
  }
}
