package dev.brisk.cache;

import static dev.brisk.test.TestBrisk.await;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay to a real Redis that a test stops and starts: stopped, its port refuses
 * connections and every relayed connection is cut, as when Redis goes down; started again on
 * the same port, as when it comes back.
 */
final class RedisProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final URI target;
  private final NetClient client = vertx.createNetClient();
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private int port;

  /** A relay to the Redis of {@code redisUrl} ({@code redis://:pass@host:port}). */
  RedisProxy(String redisUrl) {
    this.target = URI.create(redisUrl);
    start();
  }

  /** The URL to give the app: the same password, the relay's port. */
  String url() {
    return "redis://" + target.getRawUserInfo() + "@127.0.0.1:" + port;
  }

  void start() {
    server = vertx.createNetServer().connectHandler(this::relay);
    server = await(server.listen(port, "127.0.0.1"));
    port = server.actualPort();
  }

  void stop() {
    await(server.close());
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  private void relay(NetSocket in) {
    in.pause();
    sockets.add(in);
    client.connect(target.getPort(), target.getHost()).onComplete(ar -> {
      if (ar.failed()) {
        in.close();
        return;
      }
      NetSocket out = ar.result();
      sockets.add(out);
      in.handler(out::write);
      out.handler(in::write);
      in.closeHandler(v -> out.close());
      out.closeHandler(v -> in.close());
      in.resume();
    });
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
