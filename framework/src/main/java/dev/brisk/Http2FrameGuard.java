package dev.brisk;

import dev.brisk.internal.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the HTTP/2 frames that cost the server nothing but reading them and that neither Netty
 * nor Vert.x limits: {@code WINDOW_UPDATE}, {@code PRIORITY}, {@code SETTINGS}, {@code PING} and
 * frame types HTTP/2 does not define. A connection may send {@link #BURST} of them at once,
 * refilled at {@link #PER_SECOND} and by one per {@link #CREDIT_BYTES} the server writes to it
 * (a client reading a large response opens its windows in proportion); one that sends more is
 * closed. Reads the frame headers of the raw bytes on their way to Vert.x's HTTP/2 handler,
 * without copying or changing them (a wrapper around Netty's frame listener would not see a
 * {@code WINDOW_UPDATE} for a closed stream, which Netty drops first). Also closes a connection
 * whose first frame is not {@code SETTINGS}.
 *
 * <p>Sits right before that handler: put there once the connection preface has been read
 * (prior knowledge), or before Vert.x's HTTP/1 handler, where it stays only if the first request
 * upgrades to h2c (its bytes then start with the preface). One per connection; runs on its event
 * loop.
 */
final class Http2FrameGuard extends ChannelDuplexHandler {

  /** Cheap frames a connection may send at once. */
  static final long BURST = 10_000;
  /** Cheap frames a connection may send per second beyond its burst. */
  static final long PER_SECOND = 1_000;
  /** Bytes the server writes that allow one more cheap frame. */
  static final long CREDIT_BYTES = 4_096;

  private static final Logger LOG = LoggerFactory.getLogger(Http2FrameGuard.class);
  private static final ThrottledLog FLOODS = new ThrottledLog(LOG, Duration.ofMinutes(1),
      System::nanoTime);
  private static final int PREFACE_LENGTH = 24;
  private static final int HEADER_LENGTH = 9;
  private static final int SETTINGS = 0x4;

  private final Counter closed;
  private int headerRead;
  private int length;
  private int type;
  /** Bytes to pass over before the next frame header: a payload's, or the preface. */
  private long payloadLeft;
  private double tokens = BURST;
  private long refilledAt = System.nanoTime();
  private long written;
  private long cheapFrames;
  private boolean settingsFirst;
  private boolean badPreface;
  private boolean closing;

  private Http2FrameGuard(Counter closed, int prefaceLength) {
    this.closed = closed;
    this.payloadLeft = prefaceLength;
  }

  /** For a connection whose preface the HTTP/2 handler has read already (prior knowledge). */
  static Http2FrameGuard afterPreface(Counter closed) {
    return new Http2FrameGuard(closed, 0);
  }

  /** For an HTTP/1 connection: its bytes start with the preface if it upgrades to h2c. */
  static Http2FrameGuard beforeUpgrade(Counter closed) {
    return new Http2FrameGuard(closed, PREFACE_LENGTH);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest) {
      // Vert.x's upgrade handler hands a request on only when it does not upgrade: HTTP/1 for
      // good, and the HTTP/1 guards have its limits.
      ctx.pipeline().remove(this);
    } else if (msg instanceof ByteBuf bytes && !withinBudget(bytes)) {
      bytes.release();
      if (badPreface) {
        refuse(ctx);
      } else {
        flood(ctx);
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf bytes) {
      written += bytes.readableBytes();
    }
    ctx.write(msg, promise);
  }

  /**
   * Follows the frame headers in {@code bytes}; false once the cheap frames overspent, or when
   * the first frame is not the {@code SETTINGS} the preface must end with.
   */
  private boolean withinBudget(ByteBuf bytes) {
    int i = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (i < end) {
      if (payloadLeft > 0) {
        int skipped = (int) Math.min(payloadLeft, end - i);
        payloadLeft -= skipped;
        i += skipped;
        continue;
      }
      int b = bytes.getByte(i++) & 0xff;
      if (headerRead < 3) {
        length = length << 8 | b;
      } else if (headerRead == 3) {
        type = b;
      }
      if (++headerRead == HEADER_LENGTH) {
        payloadLeft = length;
        headerRead = 0;
        length = 0;
        if (!settingsFirst) {
          badPreface = type != SETTINGS;
          settingsFirst = true;
        }
        if (badPreface || (isCheap(type) && !spend())) {
          return false;
        }
      }
    }
    return true;
  }

  /** PRIORITY, SETTINGS, PING, WINDOW_UPDATE and types HTTP/2 does not define. */
  private static boolean isCheap(int type) {
    return type == 0x2 || type == 0x4 || type == 0x6 || type == 0x8 || type > 0x9;
  }

  private boolean spend() {
    cheapFrames++;
    if (tokens < 1) {
      long now = System.nanoTime();
      tokens = Math.min(BURST, tokens + (now - refilledAt) * (PER_SECOND / 1e9)
          + (double) (written / CREDIT_BYTES));
      written %= CREDIT_BYTES;
      refilledAt = now;
      if (tokens < 1) {
        return false;
      }
    }
    tokens--;
    return true;
  }

  /**
   * A connection preface not followed by {@code SETTINGS} (RFC 9113 section 3.4): closed here,
   * since Netty's handler reported each to Vert.x, which logged it at ERROR ({@code First
   * received frame was not SETTINGS}), a line any client could repeat at will.
   */
  private void refuse(ChannelHandlerContext ctx) {
    closing = true;
    LOG.debug("Closing HTTP/2 connection from {}: its first frame (type {}) is not SETTINGS",
        ctx.channel().remoteAddress(), type);
    ctx.close();
  }

  private void flood(ChannelHandlerContext ctx) {
    closing = true;
    closed.increment();
    FLOODS.warn("h2-control-flood", "Closing HTTP/2 connection from "
        + ctx.channel().remoteAddress() + ": " + cheapFrames + " WINDOW_UPDATE, PRIORITY, "
        + "SETTINGS, PING or unknown frames, over the budget of " + BURST + " plus " + PER_SECOND
        + "/s (counted in brisk_http_frame_flood_closes_total; logged at most once a minute)");
    ctx.close();
  }
}
