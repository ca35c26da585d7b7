package dev.brisk.http;

import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.BrotliMode;
import io.netty.handler.codec.compression.CompressionOptions;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Response compression: gzip, deflate and, when their native libraries load, brotli and zstd,
 * chosen by {@code Accept-Encoding} with q-values (RFC 9110 section 12.5.3: {@code q=0} excludes,
 * {@code *} covers codings not listed, ties go to the better ratio), for bodies of at least
 * {@link #MIN_BYTES} whose media type is not already compressed.
 *
 * <p>Replies are compressed whole by {@link ReplyWriter}; streams and raw routes by Netty's
 * compressor (chunk by chunk, each flush reaching the client), which {@link #guard} switches off
 * whenever Netty's own pick would differ from this negotiation or a body of known length is
 * small.
 *
 * <p>{@code new HttpServerOptions().setCompressors(Compression.compressors())}
 *
 * <p>Pure functions; thread-safe.
 */
public final class Compression {

  /** Bodies smaller than this are sent as they are: compression would not pay. */
  public static final int MIN_BYTES = 1024;
  // The levels of Netty's defaults, so replies and streams compress alike.
  private static final int GZIP_LEVEL = 6;
  private static final int BROTLI_QUALITY = 4;
  private static final int BROTLI_WINDOW = 22;
  private static final int ZSTD_LEVEL = 3;
  private static final CharSequence IDENTITY = HttpHeaders.createOptimized("identity");
  /** Available codings, best ratio first: the order that breaks q-value ties. */
  private static final List<String> CODINGS = available();

  private Compression() {
  }

  private static List<String> available() {
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

  /** Netty compressors for {@code HttpServerOptions.setCompressors}, with the same levels. */
  public static List<CompressionOptions> compressors() {
    List<CompressionOptions> options = new ArrayList<>();
    if (CODINGS.contains("br")) {
      options.add(StandardCompressionOptions.brotli(BROTLI_QUALITY, BROTLI_WINDOW,
          BrotliMode.TEXT));
    }
    if (CODINGS.contains("zstd")) {
      options.add(StandardCompressionOptions.zstd());
    }
    // Once one compressor is listed Vert.x uses only the listed ones: name gzip and deflate too.
    options.add(StandardCompressionOptions.gzip());
    options.add(StandardCompressionOptions.deflate());
    return options;
  }

  /**
   * The coding to answer {@code acceptEncoding} with, or {@code null} for none (identity): the
   * available coding with the highest q-value above zero; a missing header means none.
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
    return best;
  }

  /** The q-value of {@code coding}: its own entry, else {@code *}'s, else 0. */
  private static double quality(String acceptEncoding, String coding) {
    double star = 0;
    for (String entry : acceptEncoding.split(",")) {
      String[] parts = entry.split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      if (name.equals(coding)) {
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
    String coding = negotiate(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
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
   * {@code body} compressed whole with {@code coding} (one of {@link #codings()}) at the levels
   * of the Netty compressors; runs on the caller's thread (CPU only, no I/O).
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
      return Encoder.compress(bytes, new Encoder.Parameters().setQuality(BROTLI_QUALITY)
          .setWindow(BROTLI_WINDOW).setMode(Encoder.Mode.TEXT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] zlib(String coding, byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (OutputStream z = coding.equals("gzip") ? new LevelGzip(out)
        : new DeflaterOutputStream(out, new Deflater(GZIP_LEVEL))) {
      z.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** GZIP at {@link #GZIP_LEVEL}. */
  private static final class LevelGzip extends GZIPOutputStream {
    LevelGzip(OutputStream out) throws IOException {
      super(out, 8192);
      def.setLevel(GZIP_LEVEL);
    }
  }

  /**
   * Whether a body of known length is under {@link #MIN_BYTES}. Streams have no length: their
   * first chunk may be small, and they are compressed regardless (Netty's own size threshold
   * would judge a whole stream by its first chunk, so it is not used).
   */
  private static boolean isSmall(String contentLength) {
    if (contentLength == null) {
      return false;
    }
    try {
      return Long.parseLong(contentLength.trim()) < MIN_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Runs when the response headers are written: unless a coding was already chosen (a reply
   * compressed whole), it lets Netty compress only when Netty's pick equals {@link #negotiate}
   * and the type is compressible, and otherwise sends the body as it is.
   */
  static void guard(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    MultiMap headers = response.headers();
    if (headers.contains(HttpHeaders.CONTENT_ENCODING)) {
      return;
    }
    boolean candidate = !isSmall(headers.get(HttpHeaders.CONTENT_LENGTH))
        && compressible(headers.get(HttpHeaders.CONTENT_TYPE));
    if (candidate) {
      // Whether or not this request asked for a coding, the body depends on Accept-Encoding.
      Vary.add(headers, "Accept-Encoding");
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
    // Netty passes answers without a body (HEAD, 1xx, 204, 304) through as they are: an
    // identity marker would reach the client.
    int status = response.getStatusCode();
    if (accept == null || ctx.request().method() == HttpMethod.HEAD || status < 200
        || status == 204 || status == 304) {
      return;
    }
    String chosen = negotiate(accept);
    if (!candidate || chosen == null || !chosen.equals(NettyPick.of(accept, CODINGS))) {
      response.putHeader(HttpHeaders.CONTENT_ENCODING, IDENTITY);
    }
  }
}
