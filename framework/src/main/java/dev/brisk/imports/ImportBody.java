package dev.brisk.imports;

import dev.brisk.problem.Problem;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An import's body as a stream of plain bytes: inflates {@code Content-Encoding: gzip} or
 * {@code deflate} itself (the server does not, so the compressed size is known) and fails with a
 * 413 problem once the plain bytes pass {@code maxBytes} or inflate more than
 * {@code maxInflationRatio} times the compressed bytes read so far. Inflates in slices of 64 KiB,
 * checking after each, so a bomb never expands further than one slice past a limit, and honours
 * {@link #pause()} between slices: a paused reader receives nothing more, the rest of the chunk
 * waiting in the inflater until {@link #resume()}. A body that
 * is not whole (truncated, not compressed at all, a gzip trailer whose CRC-32 or length does not
 * match, data after the stream) fails with a 400 problem. Runs on the request's event loop.
 */
final class ImportBody implements ReadStream<Buffer> {

  private static final int SLICE = 64 * 1024;
  /** The most characters of a refused Content-Encoding the 415 quotes. */
  private static final int MAX_ECHOED_CODING = 64;

  private final HttpServerRequest request;
  private final ImportLimits limits;
  private final String encoding;
  private final Inflater inflater;
  private final GzipHeader gzip;
  /** The gzip member's CRC-32 of the plain bytes, checked against its trailer. */
  private final CRC32 crc = new CRC32();
  /** What follows the compressed data: a gzip trailer (CRC-32, length), nothing for deflate. */
  private final ByteArrayOutputStream trailer = new ByteArrayOutputStream();
  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;
  private long compressed;
  private long plain;
  private boolean failed;
  /** When a chunk last arrived, or reading last resumed. */
  private long lastProgressNanos = System.nanoTime();
  private boolean paused;
  /** The compressed bytes handed to the inflater last: a gzip trailer may follow in them. */
  private byte[] input = new byte[0];
  /** Whether {@link #inflate()} runs: a resume from its reader lets that loop go on. */
  private boolean inflating;
  /** Whether the request has ended (the inflater with it). */
  private boolean ended;

  private ImportBody(HttpServerRequest request, ImportLimits limits, String encoding) {
    this.request = request;
    this.limits = limits;
    this.encoding = encoding;
    this.inflater = encoding == null ? null : new Inflater(encoding.equals("gzip"));
    this.gzip = "gzip".equals(encoding) ? new GzipHeader() : null;
  }

  /**
   * The request's body, or a 415 problem (with {@code Accept-Encoding: gzip, deflate}) for an
   * encoding other than gzip ({@code x-gzip} too), deflate or identity.
   */
  static ImportBody of(HttpServerRequest request, ImportLimits limits) {
    // Several lines are one list (RFC 9110 section 5.3), as a proxy in front reads them:
    // "identity" then "gzip" is a gzip body, refused as a list of codings, never read as plain.
    List<String> lines = request.headers().getAll("Content-Encoding");
    String encoding = lines.isEmpty() ? "identity"
        : String.join(", ", lines).trim().toLowerCase(Locale.ROOT);
    return switch (encoding) {
      case "identity" -> new ImportBody(request, limits, null);
      // RFC 9110 section 8.4.1.3: x-gzip is gzip.
      case "gzip", "x-gzip" -> new ImportBody(request, limits, "gzip");
      case "deflate" -> new ImportBody(request, limits, encoding);
      // RFC 9110 section 15.5.16: the codings taken, so a client tells them from media types.
      default -> throw Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
          "Content-Encoding '" + (encoding.length() > MAX_ECHOED_CODING
              ? encoding.substring(0, MAX_ECHOED_CODING) + "..." : encoding)
              + "' is not supported; use gzip, deflate or none")
          .withHeader("Accept-Encoding", "gzip, deflate");
    };
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    request.handler(handler == null ? null : this::onChunk);
    return this;
  }

  /**
   * Whether the client has sent nothing for {@code nanos} while the import was ready to read
   * (time the import itself paused reading, writing a batch, does not count).
   */
  boolean stalledFor(long nanos) {
    return !paused && System.nanoTime() - lastProgressNanos > nanos;
  }

  private void onChunk(Buffer chunk) {
    lastProgressNanos = System.nanoTime();
    if (failed) {
      return;
    }
    compressed += chunk.length();
    if (inflater == null) {
      emit(chunk);
      return;
    }
    try {
      byte[] bytes = gzip == null ? chunk.getBytes() : gzip.strip(chunk.getBytes());
      if (inflater.finished()) {
        trailer.writeBytes(bytes);
        checkTrailerLength();
        return;
      }
      // Paused readers get no chunks; should one come anyway, what is left of the last follows.
      int left = inflater.getRemaining();
      byte[] all = Arrays.copyOfRange(input, input.length - left, input.length + bytes.length);
      System.arraycopy(bytes, 0, all, left, bytes.length);
      input = all;
      inflater.setInput(input);
      inflate();
    } catch (DataFormatException e) {
      fail(corrupt(e.getMessage()));
    }
  }

  /**
   * Inflates what the inflater holds, a slice at a time, until it needs more input, the
   * compressed data ends or the reader pauses (the rest then waits for {@link #resume()}).
   */
  private void inflate() throws DataFormatException {
    if (inflating) {
      return;
    }
    inflating = true;
    try {
      byte[] slice = new byte[SLICE];
      int n;
      while (!failed && !paused && (n = inflater.inflate(slice)) > 0) {
        if (gzip != null) {
          crc.update(slice, 0, n);
        }
        emit(Buffer.buffer(n).appendBytes(slice, 0, n));
      }
      if (!failed && inflater.finished()) {
        trailer.write(input, input.length - inflater.getRemaining(), inflater.getRemaining());
        input = new byte[0];
        inflater.setInput(input);
        checkTrailerLength();
      }
    } finally {
      inflating = false;
    }
  }

  /** Fails at once when more follows the compressed data than its trailer. */
  private void checkTrailerLength() {
    if (trailer.size() > (gzip == null ? 0 : 8)) {
      fail(corrupt(gzip == null ? "data follows the end of the compressed stream"
          : "data follows the gzip trailer"));
    }
  }

  private Problem corrupt(String why) {
    return Problem.badRequest("The " + encoding + " body is corrupt: " + why);
  }

  /**
   * Why the compressed body, now ended, is not whole, or null: its compressed data must have
   * ended, and a gzip member's trailer must follow with the CRC-32 and length of what it held.
   */
  private String incomplete() {
    if (!inflater.finished()) {
      return "it ends before its compressed data does (truncated, or not " + encoding + ")";
    }
    if (gzip == null) {
      return null;
    }
    byte[] end = trailer.toByteArray();
    if (end.length < 8) {
      return "its trailer is cut off";
    }
    ByteBuffer fields = ByteBuffer.wrap(end).order(ByteOrder.LITTLE_ENDIAN);
    long expectedCrc = Integer.toUnsignedLong(fields.getInt());
    long expectedSize = Integer.toUnsignedLong(fields.getInt());
    long size = inflater.getBytesWritten() & 0xffffffffL;
    if (expectedCrc != crc.getValue() || expectedSize != size) {
      return "its CRC-32 or length does not match what it holds";
    }
    return null;
  }

  private void emit(Buffer plainBytes) {
    plain += plainBytes.length();
    if (plain > limits.maxBytes()) {
      fail(Problem.payloadTooLarge("The import is larger than " + limits.maxBytes() + " bytes"));
    } else if (inflater != null && plain > compressed * limits.maxInflationRatio()) {
      fail(Problem.payloadTooLarge("The body inflates more than " + limits.maxInflationRatio()
          + " times its compressed size"));
    } else {
      handler.handle(plainBytes);
    }
  }

  private void fail(Problem problem) {
    failed = true;
    if (inflater != null) {
      inflater.end();
    }
    if (exceptionHandler != null) {
      exceptionHandler.handle(problem);
    }
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    request.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    request.endHandler(endHandler == null ? null : v -> {
      // First: an HTTP/2 request that has ended may no longer be paused (Vert.x throws).
      ended = true;
      String incomplete = inflater == null || failed ? null : incomplete();
      if (incomplete != null) {
        fail(corrupt(incomplete));
        return;
      }
      if (inflater != null && !failed) {
        inflater.end();
      }
      if (!failed) {
        endHandler.handle(null);
      }
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    paused = true;
    if (!ended) {
      request.pause();
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    reading();
    if (!failed && !ended && inflater != null && !inflater.needsInput()) {
      // The rest of the last chunk first; a chunk asked for now comes in a later task.
      try {
        inflate();
      } catch (DataFormatException e) {
        fail(corrupt(e.getMessage()));
      }
    }
    if (!paused && !failed && !ended) {
      request.fetch(amount);
    }
    return this;
  }

  private void reading() {
    if (paused) {
      paused = false;
      lastProgressNanos = System.nanoTime();
    }
  }
}
