package dev.brisk.http;

import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.netty.handler.codec.compression.Brotli;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Response compression: gzip, deflate and, when their native libraries load, brotli and zstd,
 * chosen by {@code Accept-Encoding} with q-values (RFC 9110 section 12.5.3: {@code q=0} excludes,
 * {@code *} covers codings not listed, ties go to the better ratio), for bodies of at least
 * {@link #MIN_BYTES} whose media type is not already compressed.
 *
 * <p>Brisk codes every body itself, the same way over HTTP/1.1 and HTTP/2: replies, problems and
 * raw bodies whole ({@link ReplyWriter}), streams and batches piece by piece through a
 * {@link BodyEncoder} ({@link #encoder}), each piece flushed so it decodes on arrival. The
 * server's own compression stays off: Vert.x 5.0.7's HTTP/2 compressor switches a whole
 * connection to plain output after its first uncompressed answer, so later answers it labels
 * {@code gzip} went out plain (eclipse-vertx/vert.x#5896).
 *
 * <p>{@code String coding = Compression.negotiate("br;q=0, gzip")} gives {@code "gzip"}.
 *
 * <p>Pure functions, thread-safe; an encoder belongs to one response.
 */
public final class Compression {

  /** Bodies smaller than this are sent as they are: compression would not pay. */
  public static final int MIN_BYTES = 1024;
  /**
   * Whole bodies this large or larger are compressed on a worker thread: about half a
   * millisecond of CPU and up, too long to hold the event loop (measured in docs/http.md).
   */
  public static final int OFF_LOOP_BYTES = 32 * 1024;
  // Netty's default levels: cheap enough to run on the event loop.
  private static final int GZIP_LEVEL = 6;
  private static final int BROTLI_QUALITY = 4;
  private static final int BROTLI_WINDOW = 22;
  private static final int ZSTD_LEVEL = 3;
  /** Available codings, best ratio first: the order that breaks q-value ties. */
  private static final List<String> CODINGS = available();
  /** The encoder of a body sent as it is. */
  private static final BodyEncoder IDENTITY = new BodyEncoder() {
    @Override
    public Buffer encode(Buffer piece) {
      return piece;
    }

    @Override
    public Buffer finish(Buffer last) {
      return last;
    }

    @Override
    public void discard() {
    }
  };

  private Compression() {
  }

  private static List<String> available() {
    BrotliLibrary.prepare();
    List<String> codings = new ArrayList<>();
    if (Brotli.isAvailable()) {
      codings.add("br");
    }
    if (io.netty.handler.codec.compression.Zstd.isAvailable()) {
      codings.add("zstd");
    }
    codings.add("gzip");
    codings.add("deflate");
    return List.copyOf(codings);
  }

  /** The codings this JVM can write, best ratio first ({@code br, zstd, gzip, deflate}). */
  public static List<String> codings() {
    return CODINGS;
  }

  /**
   * The coding to answer {@code acceptEncoding} with, or {@code null} for none (identity): the
   * available coding with the highest q-value above zero, unless {@code identity} (named, or
   * through {@code *}) has a higher one; a missing header means none. When no coding is
   * acceptable the body goes as it is, even if {@code identity;q=0} excludes that too (RFC 9110
   * section 12.5.3 lets a server send it uncoded rather than fail the request).
   */
  public static String negotiate(String acceptEncoding) {
    if (acceptEncoding == null || acceptEncoding.isBlank()) {
      return null;
    }
    String best = null;
    double bestQ = 0;
    for (String coding : CODINGS) {
      double q = quality(acceptEncoding, coding);
      if (q > bestQ) {
        best = coding;
        bestQ = q;
      }
    }
    // identity, gzip;q=0.5: the client prefers the body as it is.
    return best == null || quality(acceptEncoding, "identity") > bestQ ? null : best;
  }

  /**
   * The q-value of {@code coding}: its own entry, else {@code *}'s, else 0. {@code x-gzip} is
   * {@code gzip} (RFC 9110 section 8.4.1.3).
   */
  private static double quality(String acceptEncoding, String coding) {
    double star = 0;
    for (String entry : acceptEncoding.split(",")) {
      String[] parts = entry.split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      if (name.equals(coding) || name.equals("x-gzip") && coding.equals("gzip")) {
        return MediaTypes.qValue(parts);
      }
      if (name.equals("*")) {
        star = MediaTypes.qValue(parts);
      }
    }
    return star;
  }

  /**
   * The coding for a body of {@code contentType} and {@code length} bytes (-1 when unknown, as
   * for a stream) answering {@code request}, or null for none. Whenever such a body could be
   * coded (a compressible type, not known to be under {@link #MIN_BYTES}) it adds
   * {@code Vary: Accept-Encoding} to the response {@code headers}, whatever this request
   * accepts, and {@code Content-Encoding} when it chooses a coding.
   */
  static String choose(HttpServerRequest request, MultiMap headers, String contentType,
      long length) {
    if (length >= 0 && length < MIN_BYTES || !compressible(contentType)) {
      return null;
    }
    Vary.add(headers, "Accept-Encoding");
    // Every line: a list split over several (RFC 9110 section 5.3) is one list.
    String coding = negotiate(Requests.headerList(request.headers(), "Accept-Encoding"));
    if (coding != null) {
      headers.set(HttpHeaders.CONTENT_ENCODING, coding);
    }
    return coding;
  }

  /** Whether a body of {@code contentType} may gain from compression (not images, archives...). */
  public static boolean compressible(String contentType) {
    String type = MediaTypes.essence(contentType);
    if (type == null) {
      return true;
    }
    return !(type.startsWith("image/") && !type.equals("image/svg+xml"))
        && !type.startsWith("video/") && !type.startsWith("audio/") && !type.startsWith("font/")
        && !type.equals("application/zip") && !type.equals("application/gzip")
        && !type.equals("application/zstd") && !type.equals("application/x-brotli")
        && !type.equals("application/x-7z-compressed") && !type.equals("application/pdf");
  }

  /**
   * The encoder of a body of {@code contentType} written in pieces (a stream, a batch) to
   * {@code request}: it sets the response's {@code Content-Encoding} and {@code Vary} as
   * {@link #choose} does for a body of unknown length, so call it before the response's head
   * is written. A HEAD gets the headers of its GET and an identity encoder (nothing to code).
   */
  public static BodyEncoder encoder(HttpServerRequest request, String contentType) {
    String coding = choose(request, request.response().headers(), contentType, -1);
    return coding == null || request.method() == HttpMethod.HEAD ? IDENTITY
        : new PieceEncoder(coding);
  }

  /**
   * {@code body} compressed whole with {@code coding} (one of {@link #codings()}) at the levels
   * the encoders of pieces use; runs on the caller's thread (CPU only, no I/O).
   */
  public static Buffer compress(String coding, Buffer body) {
    byte[] bytes = body.getBytes();
    return switch (coding) {
      case "br" -> Buffer.buffer(brotli(bytes));
      case "zstd" -> Buffer.buffer(Zstd.compress(bytes, ZSTD_LEVEL));
      case "gzip", "deflate" -> Buffer.buffer(zlib(coding, bytes));
      default -> throw new IllegalArgumentException("unknown coding " + coding);
    };
  }

  private static byte[] brotli(byte[] bytes) {
    try {
      return Encoder.compress(bytes, brotliParameters());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Encoder.Parameters brotliParameters() {
    return new Encoder.Parameters().setQuality(BROTLI_QUALITY).setWindow(BROTLI_WINDOW)
        .setMode(Encoder.Mode.TEXT);
  }

  private static byte[] zlib(String coding, byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (OutputStream z = codingStream(coding, out)) {
      z.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A stream writing {@code coding} of what it is given to {@code out}; its {@code flush}
   * emits everything written so far in decodable form (zlib's {@code SYNC_FLUSH}, brotli's and
   * zstd's flush), its {@code close} ends the coding and frees the native encoder.
   */
  static OutputStream codingStream(String coding, OutputStream out) {
    try {
      return switch (coding) {
        case "br" -> new BrotliOutputStream(out, brotliParameters());
        case "zstd" -> new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
        case "gzip" -> new LevelGzip(out);
        case "deflate" -> new LevelDeflate(out);
        default -> throw new IllegalArgumentException("unknown coding " + coding);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GZIP at {@link #GZIP_LEVEL}, flushing with {@code SYNC_FLUSH}. */
  private static final class LevelGzip extends GZIPOutputStream {
    LevelGzip(OutputStream out) throws IOException {
      super(out, 8192, true);
      def.setLevel(GZIP_LEVEL);
    }
  }

  /**
   * The zlib format HTTP calls {@code deflate} at {@link #GZIP_LEVEL}, flushing with
   * {@code SYNC_FLUSH}; the stream's own deflater, so {@code close} frees it.
   */
  private static final class LevelDeflate extends DeflaterOutputStream {
    LevelDeflate(OutputStream out) {
      super(out, true);
      def.setLevel(GZIP_LEVEL);
    }
  }
}
