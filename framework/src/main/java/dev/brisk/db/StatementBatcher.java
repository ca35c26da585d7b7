package dev.brisk.db;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Decides when the statements a pipelined connection was given leave for PostgreSQL, Nagle's
 * rule applied to statements: while the server has nothing left to answer, a statement leaves at
 * once (the server would otherwise sit idle); while it is still answering, statements are held
 * and leave together when the connection's read completes or the current event-loop task ends
 * (the server cannot start them sooner anyway), and at the latest after {@code maxHeld}.
 *
 * <p>"Nothing left to answer" is counted on the wire: each {@code Sync} sent asks for one
 * {@code ReadyForQuery}; both are found by walking the protocol's message framing (a type byte
 * and a length), which is the same for every message once the connection is set up.
 *
 * <p>Lives on one channel; runs on its event loop.
 */
final class StatementBatcher extends ChannelDuplexHandler {

  private final int maxHeld;
  private final MessageCounter syncs = new MessageCounter((byte) 'S');
  private final MessageCounter readies = new MessageCounter((byte) 'Z');
  private final Runnable flushTask;
  private ChannelHandlerContext ctx;
  /** Syncs written but not flushed yet. */
  private long written;
  /** Syncs flushed and not answered by a ReadyForQuery yet. */
  private long unanswered;
  private int held;
  private boolean reading;
  private boolean flushScheduled;

  StatementBatcher(int maxHeld) {
    this.maxHeld = maxHeld;
    this.flushTask = () -> {
      flushScheduled = false;
      if (!reading) {
        flushHeld();
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf buf) {
      written += syncs.count(buf);
    }
    ctx.write(msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (unanswered == 0 || ++held >= maxHeld) {
      flushNow();
    } else if (!reading && !flushScheduled) {
      flushScheduled = true;
      ctx.channel().eventLoop().execute(flushTask);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    if (msg instanceof ByteBuf buf) {
      // Never below zero. A miscount would only change when statements leave, never whether.
      unanswered = Math.max(0, unanswered - readies.count(buf));
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    flushHeld();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    reading = false;
    flushHeld();
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // Unwritable: what is held must reach the socket for the buffer to drain.
    if (!ctx.channel().isWritable()) {
      flushHeld();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushHeld();
    ctx.close(promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushHeld();
    ctx.disconnect(promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    flushHeld();
  }

  private void flushHeld() {
    if (held > 0) {
      flushNow();
    }
  }

  private void flushNow() {
    held = 0;
    unanswered += written;
    written = 0;
    ctx.flush();
  }

  /**
   * Counts the messages of one type in a stream of PostgreSQL protocol messages that arrives in
   * arbitrary pieces: each message is a type byte, a four-byte length that counts itself, and its
   * body, which is skipped without being read.
   */
  static final class MessageCounter {
    private final byte type;
    /** Body bytes still to skip in the current message. */
    private long skip;
    /** Header bytes of the next message seen so far (0-4 after the type byte). */
    private int headerRead = -1;
    private int length;

    MessageCounter(byte type) {
      this.type = type;
    }

    /** How many messages of this type begin in {@code buf} (not consumed). */
    int count(ByteBuf buf) {
      int found = 0;
      int i = buf.readerIndex();
      int end = buf.writerIndex();
      while (i < end) {
        if (skip > 0) {
          int n = (int) Math.min(skip, end - i);
          skip -= n;
          i += n;
        } else if (headerRead < 0) {
          if (buf.getByte(i++) == type) {
            found++;
          }
          headerRead = 0;
          length = 0;
        } else {
          length = length << 8 | buf.getByte(i++) & 0xff;
          if (++headerRead == 4) {
            skip = Math.max(0, length - 4);
            headerRead = -1;
          }
        }
      }
      return found;
    }
  }
}
