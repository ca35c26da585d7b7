package dev.brisk.devservices;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/** Talks to the stores with the real Vert.x clients; blocks the test thread, bounded. */
final class StoreProbe {

  private StoreProbe() {}

  /** Runs {@code SELECT 1} (and the server version) through vertx-pg-client. */
  static String selectOne(Vertx vertx, String pgUrl) {
    SqlClient client = PgBuilder.client().connectingTo(pgUrl).using(vertx).build();
    try {
      return await(client.query("SELECT 1 AS one, current_setting('server_version') AS v")
          .execute()
          .map(rows -> {
            var row = rows.iterator().next();
            return row.getInteger("one") + " " + row.getString("v");
          }));
    } finally {
      await(client.close());
    }
  }

  /** Sends {@code PING} through vertx-redis-client. */
  static String ping(Vertx vertx, String redisUrl) {
    Redis redis = Redis.createClient(vertx, redisUrl);
    try {
      return await(redis.send(Request.cmd(Command.PING))).toString();
    } finally {
      redis.close();
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("store call failed: " + e, e);
    }
  }

  /** A temp dir others can traverse (PostgreSQL may run as another user when we are root). */
  static Path sharedTempDir() throws IOException {
    Path dir = Files.createTempDirectory("brisk-devservices-test");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** Writes an executable shell script. */
  static Path script(Path dir, String name, String body) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(Commands::isRunning).orElse(false);
  }
}
