package dev.brisk.test;

import static dev.brisk.test.TestBrisk.await;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to a real Redis that a test stops and starts: stopped, its port refuses
 * connections and every relayed connection is cut, as when Redis goes down; started again on
 * the same port, as when it comes back. Frozen, it keeps every connection and relays nothing.
 */
public final class RedisProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final URI target;
  private final NetClient client = vertx.createNetClient();
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final List<NetSocket> held = new CopyOnWriteArrayList<>();
  private volatile boolean frozen;
  private NetServer server;
  private int port;

  /** A relay to the Redis of {@code redisUrl} ({@code redis://:pass@host:port}). */
  public RedisProxy(String redisUrl) {
    this.target = URI.create(redisUrl);
    start();
  }

  /** The URL to give the app: the same password, the relay's port. */
  public String url() {
    return "redis://" + target.getRawUserInfo() + "@127.0.0.1:" + port;
  }

  /** Listens again (on the same port after the first start), as Redis coming back. */
  public void start() {
    server = vertx.createNetServer().connectHandler(this::relay);
    server = await(server.listen(port, "127.0.0.1"));
    port = server.actualPort();
  }

  /**
   * Freezes the relay as SIGSTOP freezes Redis: connections stay open and new ones are accepted,
   * but no byte moves either way until {@link #thaw}.
   */
  public void freeze() {
    frozen = true;
    sockets.forEach(NetSocket::pause);
  }

  /** Lets bytes move again, held connections included. */
  public void thaw() {
    frozen = false;
    sockets.forEach(NetSocket::resume);
    List<NetSocket> waiting = new ArrayList<>(held);
    held.clear();
    waiting.forEach(this::relay);
  }

  /** Refuses new connections and cuts every relayed one, as Redis going down. */
  public void stop() {
    await(server.close());
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  private void relay(NetSocket in) {
    in.pause();
    if (frozen) {
      held.add(in);
      return;
    }
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
