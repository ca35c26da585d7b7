package dev.brisk.shop;

import dev.brisk.db.Db;
import dev.brisk.devservices.DevServices;
import dev.brisk.http.Brisk;
import dev.brisk.http.BriskConfig;
import dev.brisk.http.RunningBrisk;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shop started once per test JVM on the shared dev services (real PostgreSQL and Redis) with
 * the small dataset, plus a client. Test classes share it and use disjoint rows when they write.
 */
public final class TestShop {

  private static RunningBrisk app;
  private static WebClient client;

  private TestShop() {
  }

  /** The running app, started on first use. */
  public static synchronized RunningBrisk app() {
    if (app == null) {
      DevServices dev = DevServices.shared();
      BriskConfig config = BriskConfig.of(Map.of(
          "pg-url", dev.pgUrl(),
          "redis-url", dev.redisUrl(),
          "port", Integer.toString(freePort()),
          "host", "127.0.0.1",
          "instances", "2",
          "dataset", "small"));
      app = await(Brisk.start(config, ShopApp::new));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> app.close()));
    }
    return app;
  }

  /** A client pointed at the app. */
  public static synchronized WebClient client() {
    if (client == null) {
      RunningBrisk running = app();
      Vertx vertx = running.context().vertx();
      client = WebClient.create(vertx, new WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(running.port()),
          new PoolOptions().setHttp1MaxSize(64));
    }
    return client;
  }

  public static Db db() {
    return app().context().db();
  }

  /** Runs SQL against the app's database and waits (test threads only). */
  public static RowSet<Row> sql(String sql, Object... params) {
    return await(db().query(sql, Tuple.wrap(params)));
  }

  /** Waits for a future from a test thread. */
  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
