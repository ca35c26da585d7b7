package dev.brisk.internal;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent whole ({@code EVAL}, which caches it
 * again) when Redis answers {@code NOSCRIPT} (a restart, a failover, {@code SCRIPT FLUSH}).
 * Immutable and thread-safe. Not API.
 *
 * <p>{@code RedisScript.load(RateLimiter.class, "gcra.lua").run(redis, r -> r.arg(1).arg(key))}
 */
public final class RedisScript {

  private final String text;
  private final String sha;

  private RedisScript(String text) {
    this.text = text;
    this.sha = sha1(text);
  }

  /** The script in the resource {@code name} beside {@code owner}. */
  public static RedisScript load(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("No script " + name + " beside " + owner.getName());
      }
      return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the script; {@code args} adds what follows the script: the number of keys, the keys,
   * then the arguments. It may be called twice (after a {@code NOSCRIPT}).
   */
  public Future<Response> run(Redis redis, Consumer<Request> args) {
    Request bySha = Request.cmd(Command.EVALSHA).arg(sha);
    args.accept(bySha);
    return redis.send(bySha).recover(e -> {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
        return Future.failedFuture(e);
      }
      Request whole = Request.cmd(Command.EVAL).arg(text);
      args.accept(whole);
      return redis.send(whole);
    });
  }

  /** Loads the script into Redis ({@code SCRIPT LOAD}), so that its first run needs no EVAL. */
  public Future<Void> preload(Redis redis) {
    return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(text)).mapEmpty();
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
