package dev.brisk.devservices;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Talks to the stores with the real Vert.x clients; blocks the test thread, bounded. */
final class StoreProbe {

  private StoreProbe() {}

  /** Runs {@code SELECT 1} (and the server version) through vertx-pg-client. */
  static String selectOne(Vertx vertx, String pgUrl) {
    return query(vertx, pgUrl, "SELECT 1 || ' ' || current_setting('server_version')");
  }

  /** The first column of the first row of {@code sql}, as text. */
  static String query(Vertx vertx, String pgUrl, String sql) {
    SqlClient client = PgBuilder.client().connectingTo(pgUrl).using(vertx).build();
    try {
      return await(client.query(sql).execute()
          .map(rows -> String.valueOf(rows.iterator().next().getValue(0))));
    } finally {
      await(client.close());
    }
  }

  /** Sends {@code PING} through vertx-redis-client. */
  static String ping(Vertx vertx, String redisUrl) {
    return redis(vertx, redisUrl, Request.cmd(Command.PING)).toString();
  }

  /** Sends one command through vertx-redis-client. */
  static Response redis(Vertx vertx, String redisUrl, Request request) {
    Redis redis = Redis.createClient(vertx, redisUrl);
    try {
      return await(redis.send(request));
    } finally {
      redis.close();
    }
  }

  /** Waits up to 30 s; the future's failure becomes an {@link AssertionError} with it as cause. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("store call failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("store call failed: " + e, e);
    }
  }

  /** A new private (0700) temp dir, as a state dir must be. */
  static Path privateTempDir() throws IOException {
    return Files.createTempDirectory("brisk-devservices-test");
  }

  /**
   * A new temp dir for fake binaries that other users can traverse (the stores run as another
   * account when the tests run as root).
   */
  static Path fakeBinDir() throws IOException {
    Path dir = Files.createTempDirectory("brisk-devservices-fake");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** Writes an executable shell script {@code dir/name}. */
  static Path script(Path dir, String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(Commands::isRunning).orElse(false);
  }

  static boolean isRoot() {
    return FileChecks.currentUid() == 0;
  }
}
