package dev.brisk.test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One cleartext HTTP/2 connection (prior knowledge) that shows each answer as the server framed
 * it: its header block, every DATA byte it sent (even where none may be, as for HEAD), its
 * trailers and a reset. Unlike an HTTP client it hides nothing and decodes no content coding.
 * Requests go one at a time, on streams 1, 3, 5...; the windows are opened wide first.
 */
public final class H2Connection implements AutoCloseable {

  private static final int MAX_WINDOW = Integer.MAX_VALUE;
  private static final int DATA = 0;
  private static final int HEADERS = 1;
  private static final int RST_STREAM = 3;
  private static final int SETTINGS = 4;
  private static final int PING = 6;
  private static final int GOAWAY = 7;
  private static final int CONTINUATION = 9;
  /** SETTINGS_MAX_FRAME_SIZE's initial value: larger header blocks go on in CONTINUATION. */
  private static final int MAX_FRAME = 16_384;

  /** One answer: its headers, its body as sent, its trailers (or null), its reset (or null). */
  public record Answer(Http2Headers headers, byte[] data, int dataFrames, Http2Headers trailers,
      Long resetCode) {

    /** The value of header {@code name} (lower case), or null. */
    public String header(String name) {
      CharSequence value = headers.get(name);
      return value == null ? null : value.toString();
    }

    public int status() {
      return Integer.parseInt(headers.status().toString());
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
  private int nextStream = 1;
  /** Resets of earlier streams seen while reading later ones, by stream. */
  private final Map<Integer, Long> resets = new HashMap<>();

  private H2Connection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    ByteArrayOutputStream opening = new ByteArrayOutputStream();
    opening.writeBytes(H2Frames.PREFACE);
    // SETTINGS_INITIAL_WINDOW_SIZE (4) at its largest, then the connection window likewise.
    H2Frames.frame(opening, SETTINGS, 0, 0, new byte[] {0, 4, 0x7f, -1, -1, -1});
    H2Frames.frame(opening, 8, 0, 0, int32(MAX_WINDOW - 65_535));
    out.write(opening.toByteArray());
    out.flush();
  }

  /** Opens a connection to {@code localhost:port}. */
  public static H2Connection open(int port) throws IOException {
    return new H2Connection(port);
  }

  /**
   * Sends {@code method path} with header {@code names and values} and no body, and reads
   * frames until its stream ends (or is reset).
   */
  public Answer send(String method, String path, String... headers) throws IOException {
    int stream = nextStream;
    nextStream += 2;
    Http2Headers request = new DefaultHttp2Headers().method(method).scheme("http").path(path)
        .authority("localhost");
    for (int i = 0; i < headers.length; i += 2) {
      request.add(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
    }
    ByteBuf block = Unpooled.buffer();
    try {
      encoder.encodeHeaders(stream, request, block);
    } catch (Http2Exception e) {
      throw new IOException(e);
    }
    byte[] encoded = new byte[block.readableBytes()];
    block.readBytes(encoded);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    // END_STREAM, and END_HEADERS on the frame that ends the block.
    for (int from = 0; from == 0 || from < encoded.length; from += MAX_FRAME) {
      byte[] part = Arrays.copyOfRange(encoded, from, Math.min(encoded.length, from + MAX_FRAME));
      boolean last = from + MAX_FRAME >= encoded.length;
      H2Frames.frame(frame, from == 0 ? HEADERS : CONTINUATION,
          (from == 0 ? 1 : 0) | (last ? 4 : 0), stream, part);
    }
    out.write(frame.toByteArray());
    out.flush();
    return read(stream);
  }

  private Answer read(int stream) throws IOException {
    Http2Headers head = null;
    Http2Headers trailers = null;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    int dataFrames = 0;
    while (true) {
      int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int id = in.readInt() & 0x7fffffff;
      byte[] payload = in.readNBytes(length);
      if (type == SETTINGS && (flags & 1) == 0) {
        ack(SETTINGS, new byte[0]);
      } else if (type == PING && (flags & 1) == 0) {
        ack(PING, payload);
      } else if (type == GOAWAY) {
        throw new IOException("GOAWAY with error " + ((payload[4] & 0xff) << 24
            | (payload[5] & 0xff) << 16 | (payload[6] & 0xff) << 8 | payload[7] & 0xff));
      }
      if (id != stream) {
        if (type == RST_STREAM && id != 0) {
          resets.put(id, int32(payload));
        }
        continue;
      }
      if (type == RST_STREAM) {
        return new Answer(head, data.toByteArray(), dataFrames, trailers, int32(payload));
      }
      if (type == DATA) {
        int padding = (flags & 0x8) != 0 ? payload[0] & 0xff : -1;
        data.write(payload, padding < 0 ? 0 : 1, payload.length - (padding < 0 ? 0 : 1 + padding));
        dataFrames++;
      } else if (type == HEADERS || type == CONTINUATION) {
        // HEADERS (minus padding and priority) and CONTINUATION make one header block.
        int from = type == HEADERS && (flags & 0x8) != 0 ? 1 : 0;
        int padding = from == 1 ? payload[0] & 0xff : 0;
        from += type == HEADERS && (flags & 0x20) != 0 ? 5 : 0;
        block.write(payload, from, payload.length - from - padding);
        if ((flags & 0x4) != 0) {
          Http2Headers decoded = decode(stream, block.toByteArray());
          block.reset();
          if (head == null) {
            head = decoded;
          } else {
            trailers = decoded;
          }
        }
      }
      if ((type == DATA || type == HEADERS) && (flags & 1) != 0) {
        return new Answer(head, data.toByteArray(), dataFrames, trailers, null);
      }
    }
  }

  /**
   * The error code of the {@code RST_STREAM} the server sent for {@code stream} after its answer
   * ended, as seen while a later answer was read; null when none was.
   */
  public Long resetAfterAnswer(int stream) {
    return resets.get(stream);
  }

  private static long int32(byte[] payload) {
    return ((payload[0] & 0xffL) << 24) | (payload[1] & 0xff) << 16 | (payload[2] & 0xff) << 8
        | payload[3] & 0xff;
  }

  private Http2Headers decode(int stream, byte[] block) throws IOException {
    try {
      return decoder.decodeHeaders(stream, Unpooled.wrappedBuffer(block));
    } catch (Http2Exception e) {
      throw new IOException(e);
    }
  }

  private void ack(int type, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    H2Frames.frame(frame, type, 1, 0, payload);
    out.write(frame.toByteArray());
    out.flush();
  }

  private static byte[] int32(int value) {
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
        (byte) value};
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
