package dev.brisk;

import dev.brisk.internal.UnsupportedHttpVersion;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits after an HTTP/1 connection's codec, where decoded requests and whole responses pass, and
 * keeps from Vert.x and Netty what they handle badly:
 *
 * <ul>
 *   <li>More than {@link #MAX_PIPELINED} requests sent ahead without waiting for answers (Netty's
 *       compressor fails the 129th with an exception per message, and the connection hangs): the
 *       first {@code MAX_PIPELINED} are answered, the rest of the input is dropped and the
 *       connection closes after the last answer, as HTTP/1.1 allows (a client resends unanswered
 *       requests on a new connection).
 *   <li>An {@code Upgrade: h2c} without exactly one usable {@code HTTP2-Settings} (or without both
 *       {@code Connection} tokens): Vert.x answers a bare 400 and leaves the connection open, so
 *       the client waits for the idle timeout. The upgrade is dropped instead and the request
 *       served over HTTP/1.1, as RFC 9110 lets a server ignore {@code Upgrade}; so is an upgrade
 *       of a request with a body, whose unread rest the points below could not bound over
 *       HTTP/2.
 *   <li>A request line naming another version than HTTP/1.0 or HTTP/1.1, which Vert.x answers
 *       with a bare 501: a later HTTP/1 minor version ({@code HTTP/1.2}) is served as HTTP/1.1
 *       (RFC 9112 section 2.3), any other ({@code HTTP/3.0}) is failed as
 *       {@link UnsupportedHttpVersion}, which the server's invalid-request handler answers 505.
 *   <li>An answer written while more than {@link #MAX_UNREAD_BODY} of its request's body (or a
 *       chunked body of unknown length; over HTTP/1.0 any of it) has yet to arrive, such as a
 *       401 to an upload or a 413 past the body limit: Vert.x would read and drop the rest for
 *       as long as the client sent it, gigabytes a connection. The answer says
 *       {@code Connection: close} and the connection closes after it, lingering as below so the
 *       client reads it whole.
 *   <li>A server that is stopping: each connection's next answer says {@code Connection: close}
 *       and the connection closes after it, so the client sends its next request on a new
 *       connection (to another instance once this one stops accepting), never on one the drain
 *       closes under it.
 * </ul>
 *
 * <p>Removes itself when the connection switches to HTTP/2. One per connection; runs on its event
 * loop.
 */
final class Http1Guard extends ChannelDuplexHandler {

  /** Requests one connection may have unanswered. */
  static final int MAX_PIPELINED = 100;

  private static final Logger LOG = LoggerFactory.getLogger(Http1Guard.class);
  private static final String H2C = "h2c";
  private static final String SETTINGS = "HTTP2-Settings";
  /** How long a connection closed after its last answer keeps dropping input before it closes. */
  private static final Duration LINGER = Duration.ofSeconds(2);
  /** Body bytes an answer may leave unread on a connection that stays: Vert.x drops them. */
  static final long MAX_UNREAD_BODY = 64 * 1024;
  /** As the framework's other answers spell it (Netty's constant is lower case). */
  private static final String CONNECTION = "Connection";
  /** {@link #bodyLeft} of a chunked body. */
  private static final long UNKNOWN = -1;

  private final Counter closedForPipelining;
  private final BooleanSupplier stopping;
  private int unanswered;
  private boolean closing;
  /** Whether the last request read has more body to come. */
  private boolean reading;
  /** How much of it, or {@link #UNKNOWN}. */
  private long bodyLeft;
  /** Whether the last request read is HTTP/1.0. */
  private boolean http10;
  /** Whether the connection closes after the answer being written. */
  private boolean closeAfterAnswer;

  /** {@code stopping} tells whether the server is shutting down. */
  Http1Guard(Counter closedForPipelining, BooleanSupplier stopping) {
    this.closedForPipelining = closedForPipelining;
    this.stopping = stopping;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      if (unanswered == MAX_PIPELINED) {
        closing = true;
        ctx.channel().config().setAutoRead(false);
        closedForPipelining.increment();
        LOG.debug("Closing {} after its {} unanswered requests: it pipelined more",
            ctx.channel().remoteAddress(), MAX_PIPELINED);
        ReferenceCountUtil.release(msg);
        return;
      }
      unanswered++;
      checkVersion(request);
      reading = true;
      bodyLeft = bodyLength(request);
      dropUnusableUpgrade(request.headers(), bodyLeft);
      http10 = request.protocolVersion() == HttpVersion.HTTP_1_0;
    }
    if (msg instanceof HttpContent content) {
      bodyLeft -= bodyLeft > 0 ? content.content().readableBytes() : 0;
      reading = !(msg instanceof LastHttpContent);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      // 100 Continue comes before the answer; 101 hands the connection to HTTP/2.
      ctx.write(msg, promise);
      if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        ctx.pipeline().remove(this);
      }
      return;
    }
    if (msg instanceof HttpResponse response && unanswered == 1 && reading
        && (bodyLeft == UNKNOWN || bodyLeft > MAX_UNREAD_BODY || http10 && bodyLeft > 0)) {
      // The answer to the request whose body is still arriving: the only one unanswered. Over
      // HTTP/1.0 Vert.x answers a keep-alive request "Connection: keep-alive" whatever the
      // handler said, so the framework's own close (a 408 to a body that stopped) would be
      // announced as keep-alive: any HTTP/1.0 answer before its body ends closes.
      response.headers().set(CONNECTION, HttpHeaderValues.CLOSE);
      closeAfterAnswer = true;
    }
    if (msg instanceof HttpResponse response && unanswered == 1 && stopping.getAsBoolean()) {
      // The last request read gets the last answer (one pipelined behind it still gets its own).
      response.headers().set(CONNECTION, HttpHeaderValues.CLOSE);
      closeAfterAnswer = true;
    }
    if (msg instanceof LastHttpContent && unanswered > 0) {
      unanswered--;
      if ((closing || closeAfterAnswer) && unanswered == 0) {
        closing = true;
        ctx.write(msg, promise.unvoid()).addListener(written -> lingeringClose(ctx));
        return;
      }
    }
    ctx.write(msg, promise);
  }

  /**
   * Closes after the last answer without losing it: closing a socket with unread input sends a
   * reset, which can discard answers the client has not read yet. So the output is shut first
   * (the client reads every answer, then end of stream), the input is read and dropped, and the
   * connection closes when the client closes its side, or after {@link #LINGER}.
   */
  private static void lingeringClose(ChannelHandlerContext ctx) {
    if (!(ctx.channel() instanceof DuplexChannel duplex)) {
      ctx.close();
      return;
    }
    duplex.shutdownOutput().addListener(shut -> {
      ctx.channel().config().setAutoRead(true);
      ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  /**
   * Serves a later HTTP/1 minor version as HTTP/1.1 and fails any other version than HTTP/1.x,
   * so that Vert.x, which knows only the two constants, routes or rejects the request.
   */
  private static void checkVersion(HttpRequest request) {
    HttpVersion version = request.protocolVersion();
    if (version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0) {
      return;
    }
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    if (version.majorVersion() != 1 || !version.protocolName().equals("HTTP")) {
      request.setDecoderResult(DecoderResult.failure(new UnsupportedHttpVersion(version.text())));
    } else if (version.minorVersion() == 0) {
      request.setProtocolVersion(HttpVersion.HTTP_1_0);
    }
  }

  /** The request's body length from its head, or {@link #UNKNOWN}. */
  private static long bodyLength(HttpRequest request) {
    if (HttpUtil.isTransferEncodingChunked(request)) {
      return UNKNOWN;
    }
    try {
      return HttpUtil.getContentLength(request, 0L);
    } catch (NumberFormatException e) {
      // A head the codec refused: answered 400, and its connection closed.
      return UNKNOWN;
    }
  }

  /**
   * Removes {@code Upgrade: h2c} unless Vert.x can perform it, or when the request has a body
   * ({@code bodyLength} not 0): Vert.x hands the rest of an upgraded request's body to HTTP/2 as
   * stream 1's data outside flow control, and this guard leaves at the 101, so a body refused
   * from its head (a 401, a 413) was read and dropped for as long as the client sent it.
   */
  private static void dropUnusableUpgrade(HttpHeaders headers, long bodyLength) {
    if (!headers.contains(HttpHeaderNames.UPGRADE, H2C, true)) {
      return;
    }
    List<String> settings = headers.getAll(SETTINGS);
    if (bodyLength != 0 || !headers.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true)
        || !headers.containsValue(HttpHeaderNames.CONNECTION, SETTINGS, true)
        || settings.size() != 1 || !usableSettings(settings.get(0))) {
      headers.remove(HttpHeaderNames.UPGRADE);
    }
  }

  /** As Vert.x decodes {@code HTTP2-Settings}: base64url, 6 bytes a setting, valid values. */
  private static boolean usableSettings(String value) {
    try {
      ByteBuffer settings = ByteBuffer.wrap(Base64.getUrlDecoder().decode(value));
      if (settings.remaining() % 6 != 0) {
        return false;
      }
      Http2Settings checked = new Http2Settings();
      while (settings.hasRemaining()) {
        checked.put((char) Short.toUnsignedInt(settings.getShort()),
            Long.valueOf(Integer.toUnsignedLong(settings.getInt())));
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
