package dev.brisk;

import io.micrometer.core.instrument.Counter;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections to the watched ports that send no complete first request head within the
 * timeout, however slowly they trickle bytes. Vert.x hands an HTTP/1 connection to the app only
 * once its first head arrived (it must first see whether the request upgrades to h2c), so
 * {@link HeadTimeouts}, which watches every later head, cannot see this one; the watch therefore
 * sits first in each accepted channel's pipeline, put there by Vert.x's NIO transport wrapped in
 * {@link #transport()}, and takes itself out when the head's blank line arrives (the HTTP/2
 * preface has one too: its connection is handed over at once). Only ports passed to
 * {@link #watch} are watched, so other TCP servers on the same Vert.x are left alone.
 * Thread-safe.
 */
final class FirstHeadWatch {

  private static final Logger LOG = LoggerFactory.getLogger(FirstHeadWatch.class);
  /** Vert.x decides between HTTP/1 and h2c by at most this many first bytes (the h2 preface). */
  private static final int PREFACE_LENGTH = 24;
  /** Where Vert.x's HTTP/1 pipeline has its response encoder; the guard goes right after it. */
  private static final String HTTP1_ENCODER = "httpEncoder";
  /** Vert.x's connection handler, HTTP/1's or (after the preface or an upgrade) HTTP/2's. */
  private static final String CONNECTION_HANDLER = "handler";
  private static final String FRAME_GUARD = "brisk-h2-frames";

  private final long timeoutNanos;
  private final Counter closed;
  private final Counter closedForPipelining;
  private final Counter closedForFrameFloods;
  private final Set<Integer> ports = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  FirstHeadWatch(long timeoutNanos, Counter closed, Counter closedForPipelining,
      Counter closedForFrameFloods) {
    this.timeoutNanos = timeoutNanos;
    this.closed = closed;
    this.closedForPipelining = closedForPipelining;
    this.closedForFrameFloods = closedForFrameFloods;
  }

  /**
   * From now on each HTTP/1 connection closes after its next answer, which says so
   * ({@code Connection: close}): the server is shutting down. Any thread.
   */
  void closeAfterNextAnswers() {
    stopping = true;
  }

  /** Watches the connections accepted from now on at {@code port}. */
  void watch(int port) {
    ports.add(port);
  }

  /** Vert.x's NIO transport, with this watch on the connections of watched ports. */
  Transport transport() {
    io.vertx.core.spi.transport.Transport nio = Transport.NIO.implementation();
    return new Transport() {
      @Override
      public String name() {
        return Transport.NIO.name();
      }

      @Override
      public boolean available() {
        return true;
      }

      @Override
      public Throwable unavailabilityCause() {
        return null;
      }

      @Override
      public io.vertx.core.spi.transport.Transport implementation() {
        return new Watched(nio);
      }
    };
  }

  /** A server channel that puts the watch on each connection it accepts at a watched port. */
  private final class WatchingServerChannel extends NioServerSocketChannel {
    @Override
    protected int doReadMessages(List<Object> accepted) throws Exception {
      int count = super.doReadMessages(accepted);
      if (count > 0 && ports.contains(localAddress().getPort())) {
        for (int i = accepted.size() - count; i < accepted.size(); i++) {
          ((Channel) accepted.get(i)).pipeline().addFirst(new FirstHead());
        }
      }
      return count;
    }
  }

  /**
   * Watches one connection until a line with nothing in it follows one with something (lines
   * end with LF, a CR before it ignored; blank lines before the request line do not count).
   * Also puts an {@link Http1Guard} after Vert.x's HTTP/1 codec before any request is decoded:
   * Vert.x builds that pipeline when the first bytes show HTTP/1 (at most the h2 preface's 24
   * bytes; one for any method but {@code PRI}), so they are handed on one at a time until it
   * exists, fewer than any request takes.
   */
  private final class FirstHead extends ChannelInboundHandlerAdapter implements ByteProcessor {
    private ScheduledFuture<?> deadline;
    private boolean seenText;
    private int lineLength;
    private boolean complete;
    private int probed;
    private boolean guarded;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      deadline = ctx.executor().schedule(() -> {
        closed.increment();
        ctx.close();
      }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf bytes) {
        bytes.forEachByte(bytes.readerIndex(), bytes.readableBytes(), this);
        if (!guarded) {
          guard(ctx, bytes);
        }
      }
      if (!(msg instanceof ByteBuf bytes) || bytes.isReadable()) {
        ctx.fireChannelRead(msg);
      } else {
        bytes.release();
      }
      if (complete) {
        ctx.pipeline().remove(this);
      }
    }

    /** Hands on single bytes until HTTP/1 or h2 is decided, then guards an HTTP/1 pipeline. */
    private void guard(ChannelHandlerContext ctx, ByteBuf bytes) {
      while (ctx.pipeline().get(HTTP1_ENCODER) == null && probed < PREFACE_LENGTH
          && bytes.isReadable()) {
        probed++;
        ctx.fireChannelRead(bytes.readRetainedSlice(1));
      }
      if (ctx.pipeline().get(HTTP1_ENCODER) != null) {
        ctx.pipeline().addAfter(HTTP1_ENCODER, "brisk-http1-guard",
            new Http1Guard(closedForPipelining, () -> stopping));
        // Stays only if the first request upgrades to h2c.
        addFrameGuard(ctx, Http2FrameGuard.beforeUpgrade(closedForFrameFloods));
        guarded = true;
      } else if (probed == PREFACE_LENGTH) {
        // HTTP/2 with prior knowledge: its streams have limits of their own (Netty's and
        // Vert.x's), its cheap frames this guard's.
        addFrameGuard(ctx, Http2FrameGuard.afterPreface(closedForFrameFloods));
        guarded = true;
      }
    }

    /** Right before Vert.x's connection handler, where the raw bytes reach HTTP/2's. */
    private void addFrameGuard(ChannelHandlerContext ctx, Http2FrameGuard guard) {
      if (ctx.pipeline().get(CONNECTION_HANDLER) != null) {
        ctx.pipeline().addBefore(CONNECTION_HANDLER, FRAME_GUARD, guard);
      }
    }

    @Override
    public boolean process(byte value) {
      if (value == '\n') {
        complete = seenText && lineLength == 0;
        lineLength = 0;
        return !complete;
      }
      if (value != '\r') {
        seenText = true;
        lineLength++;
      }
      return true;
    }

    /**
     * A client that resets its connection before its first head is complete: Vert.x, with no
     * connection of the app's yet, logged each at ERROR ({@code ConnectionBase - Connection
     * reset}, naming no one), a line any client could repeat at will.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof IOException) {
        LOG.debug("Connection from {} failed before its first request head: {}",
            ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
      } else {
        ctx.fireExceptionCaught(cause);
      }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      deadline.cancel(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      deadline.cancel(false);
      ctx.fireChannelInactive();
    }
  }

  /** Vert.x's NIO transport, but with {@link WatchingServerChannel} for TCP servers. */
  private final class Watched implements io.vertx.core.spi.transport.Transport {
    private final io.vertx.core.spi.transport.Transport nio;

    Watched(io.vertx.core.spi.transport.Transport nio) {
      this.nio = nio;
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
      return domainSocket ? nio.serverChannelFactory(true) : WatchingServerChannel::new;
    }

    @Override
    public boolean supportsDomainSockets() {
      return nio.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
      return nio.supportFileRegion();
    }

    @Override
    public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
      return nio.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
      return nio.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return nio.ioHandlerFactory();
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory,
        int ioRatio) {
      return nio.eventLoopGroup(type, threads, factory, ioRatio);
    }

    @Override
    public DatagramChannel datagramChannel() {
      return nio.datagramChannel();
    }

    @Override
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
      return nio.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
      return nio.channelFactory(domainSocket);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
      nio.configure(channel, options);
    }

    @Override
    public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket,
        Bootstrap bootstrap) {
      nio.configure(options, connectTimeout, domainSocket, bootstrap);
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket,
        ServerBootstrap bootstrap) {
      nio.configure(options, domainSocket, bootstrap);
    }
  }
}
