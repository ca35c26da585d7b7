package dev.brisk.load.baseline;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the baseline as its own process (the harness's default, so it gets the same JVM flags as
 * Brisk and the peer): {@code BRISK_PG_URL=... PORT=8081 java -cp jmh/target/benchmarks.jar
 * dev.brisk.load.baseline.BaselineMain}. Runs on the main thread until killed.
 */
public final class BaselineMain {

  private BaselineMain() {
  }

  /** Starts the baseline; prints {@code Baseline listening on port N}. */
  public static void main(String[] args) {
    String pg = System.getenv("BRISK_PG_URL");
    if (pg == null || pg.isBlank()) {
      throw new IllegalStateException("BRISK_PG_URL is required");
    }
    String port = System.getenv().getOrDefault("PORT", "8081");
    Vertx vertx = Vertx.vertx();
    BaselineServer server = BaselineServer.start(vertx,
        BaselineOptions.defaults(pg).withPort(Integer.parseInt(port))).await();
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
