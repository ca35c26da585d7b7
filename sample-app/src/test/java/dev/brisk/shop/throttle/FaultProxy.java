package dev.brisk.shop.throttle;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real store that a test can cut (every connection closed, the port
 * refusing new ones) and restore on the same port: Redis "stopped" mid-test without touching
 * the shared dev services.
 */
final class FaultProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient();
  private final String targetHost;
  private final int targetPort;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private int port;

  FaultProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    restore();
  }

  int port() {
    return port;
  }

  /**
   * Stops listening and closes every proxied connection, returning once they are closed, so no
   * byte written after the cut reaches the store.
   */
  synchronized void cut() {
    TestBrisk.await(server.close());
    TestBrisk.await(Future.join(sockets.stream().map(NetSocket::close).toList()));
    sockets.clear();
  }

  /** Listens again on the same port. */
  synchronized void restore() {
    server = vertx.createNetServer().connectHandler(this::proxy);
    server = TestBrisk.await(server.listen(port, "127.0.0.1"));
    port = server.actualPort();
  }

  private void proxy(NetSocket in) {
    in.pause();
    sockets.add(in);
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed()) {
        in.close();
        return;
      }
      NetSocket out = ar.result();
      sockets.add(out);
      in.pipeTo(out);
      out.pipeTo(in);
      in.resume();
    });
  }

  @Override
  public void close() {
    TestBrisk.await(vertx.close());
  }
}
