package dev.brisk.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.nio.AbstractNioChannel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Whether a client reads at all while its response's write queue stays full because the socket
 * does. The event loop hears that a socket can take more (and the response drains) only once
 * about half of the kernel's send buffer is free: megabytes on a fast link, so a client reading
 * slowly but steadily went many seconds between drains and was taken for one that stopped.
 * Flushing the connection's queue now writes whatever the kernel has room for: any byte it takes
 * was freed by the client reading since the queue last filled. An HTTP/2 stream held back by its
 * own flow-control window, on a connection whose socket has room, is not helped. Uses Vert.x's
 * and Netty's internals (the connection's channel, a forced flush); on the connection's event
 * loop only.
 */
final class SocketProbe {

  private SocketProbe() {
  }

  /**
   * Flushes what {@code connection} has queued and tells whether the socket took any of it;
   * false when the socket is not what holds the response back (its queue is below the high
   * water mark) or the connection is not a plain NIO one.
   */
  static boolean tookBytes(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return false;
    }
    Channel channel = base.channel();
    ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
    if (!channel.eventLoop().inEventLoop() || queued == null || channel.isWritable()
        || !(channel.unsafe() instanceof AbstractNioChannel.NioUnsafe nio)) {
      return false;
    }
    long before = queued.totalPendingWriteBytes();
    nio.forceFlush();
    return queued.totalPendingWriteBytes() < before;
  }
}
