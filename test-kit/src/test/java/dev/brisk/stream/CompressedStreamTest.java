package dev.brisk.stream;

import static dev.brisk.stream.StreamClient.open;
import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.brisk.test.H2Connection;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * Compressed streams stay streaming: rows the server flushed decode on the client before the
 * stream ends, for every coding Brisk offers.
 */
class CompressedStreamTest {

  @Test
  void gzip_stream_delivers_decodable_rows_before_the_stream_ends() throws Exception {
    streams("gzip", new GunzipLines());
  }

  @Test
  void brotli_stream_delivers_decodable_rows_before_the_stream_ends() throws Exception {
    Brotli4jLoader.ensureAvailability();
    streams("br", new BrotliLines());
  }

  @Test
  void zstd_stream_delivers_decodable_rows_before_the_stream_ends() throws Exception {
    streams("zstd", new ZstdLines());
  }

  @Test
  void compressed_streams_over_http2_arrive_whole_with_their_trailer() throws Exception {
    Brotli4jLoader.ensureAvailability();
    try (H2Connection h2 = H2Connection.open(StreamTestApp.app().port())) {
      for (Lines decoder : new Lines[] {new GunzipLines(), new BrotliLines(), new ZstdLines(),
          null}) {
        String coding = decoder instanceof GunzipLines ? "gzip" : decoder instanceof BrotliLines
            ? "br" : decoder instanceof ZstdLines ? "zstd" : null;
        H2Connection.Answer rows = coding == null ? h2.send("GET", "/rows?n=5000&width=20")
            : h2.send("GET", "/rows?n=5000&width=20", "accept-encoding", coding);
        assertThat(rows.header("content-encoding")).isEqualTo(coding);
        if (decoder != null) {
          decoder.feed(rows.data());
          assertThat(decoder.complete()).as(coding + " stream ends whole").isTrue();
          assertThat(decoder.lines()).as(coding).isEqualTo(5000);
        }
        // The final Server-Timing, and nothing else (Vert.x's compressor named its coding in
        // HTTP/2 trailers, and it needed the stream's last DATA frame to flush its last block:
        // compressed streams went without their trailer).
        assertThat(rows.header("trailer")).as(coding).isEqualTo("Server-Timing");
        assertThat(rows.trailers()).as(coding).isNotNull();
        assertThat(rows.trailers().names()).as(coding).extracting(CharSequence::toString)
            .containsExactly("server-timing");
        assertThat(rows.trailers().get("server-timing").toString()).contains("queries");
      }
    }
  }

  @Test
  void streams_over_http2_are_coded_whatever_went_before_on_the_connection() throws Exception {
    Brotli4jLoader.ensureAvailability();
    try (H2Connection h2 = H2Connection.open(StreamTestApp.app().port())) {
      // An empty stream is a coded empty body, and varies on Accept-Encoding like any other
      // (over HTTP/2 it went out as content-length: 0 saying only Vary: Accept).
      H2Connection.Answer empty = h2.send("GET", "/rows?n=0", "accept-encoding", "gzip");
      assertThat(empty.header("vary")).isEqualTo("Accept, Accept-Encoding");
      assertThat(empty.header("content-encoding")).isEqualTo("gzip");
      GunzipLines nothing = new GunzipLines();
      assertThat(nothing.feed(empty.data())).isZero();
      assertThat(nothing.complete()).isTrue();
      // An uncompressed answer switched Vert.x's HTTP/2 compressor to plain output for the
      // rest of the connection: later streams were labelled with their coding but sent plain.
      H2Connection.Answer plain = h2.send("GET", "/rows?n=3&width=1");
      assertThat(plain.header("content-encoding")).isNull();
      assertThat(plain.header("vary")).isEqualTo("Accept, Accept-Encoding");
      for (Lines decoder : new Lines[] {new GunzipLines(), new BrotliLines(), new ZstdLines()}) {
        String coding = decoder instanceof GunzipLines ? "gzip"
            : decoder instanceof BrotliLines ? "br" : "zstd";
        H2Connection.Answer rows = h2.send("GET", "/rows?n=5000&width=20", "accept-encoding",
            coding);
        assertThat(rows.header("content-encoding")).isEqualTo(coding);
        assertThat(decoder.feed(rows.data())).as(coding).isEqualTo(5000);
        assertThat(decoder.complete()).as(coding + " stream ends whole").isTrue();
      }
    }
  }

  private static void streams(String coding, Lines decoder) throws Exception {
    StreamTestApp.LAST_SOURCE.set(null);
    io.vertx.core.Future<HttpClientResponse> head = open("/controlled", "Accept-Encoding", coding);
    eventually("source subscribed", () -> StreamTestApp.LAST_SOURCE.get() != null
        && StreamTestApp.LAST_SOURCE.get().hasHandler());
    TestSource source = StreamTestApp.LAST_SOURCE.get();
    source.emit(10);
    HttpClientResponse resp = await(head);
    Promise<Void> firstRows = Promise.promise();
    Promise<Void> ended = Promise.promise();
    resp.handler(buf -> {
      if (decoder.feed(buf.getBytes()) >= 10) {
        firstRows.tryComplete();
      }
    }).endHandler(ended::complete);
    resp.resume();

    // The source produces nothing more until the client has decoded the first ten rows.
    await(firstRows.future());
    source.emit(10);
    source.end();
    await(ended.future());

    assertThat(resp.getHeader("Content-Encoding")).isEqualTo(coding);
    assertThat(decoder.lines()).isEqualTo(20);
  }

  /** An incremental decoder counting decoded lines. */
  private abstract static class Lines {
    final StringBuilder text = new StringBuilder();

    abstract long feed(byte[] bytes);

    /** Whether the compressed stream's end was seen. */
    abstract boolean complete();

    long lines() {
      return text.chars().filter(c -> c == '\n').count();
    }
  }

  /** Incremental gunzip of a response whose gzip header has no optional fields. */
  private static final class GunzipLines extends Lines {
    private final Inflater inflater = new Inflater(true);
    private int headerLeft = 10;

    @Override
    long feed(byte[] bytes) {
      int skip = Math.min(headerLeft, bytes.length);
      headerLeft -= skip;
      inflater.setInput(bytes, skip, bytes.length - skip);
      byte[] out = new byte[64 * 1024];
      try {
        int n;
        while ((n = inflater.inflate(out)) > 0) {
          text.append(new String(out, 0, n, StandardCharsets.UTF_8));
        }
      } catch (DataFormatException e) {
        throw new IllegalStateException(e);
      }
      return lines();
    }

    @Override
    boolean complete() {
      return inflater.finished();
    }
  }

  private static final class BrotliLines extends Lines {
    private final DecoderJNI.Wrapper decoder;

    BrotliLines() {
      try {
        decoder = new DecoderJNI.Wrapper(64 * 1024);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    long feed(byte[] bytes) {
      int offset = 0;
      while (true) {
        DecoderJNI.Status status = decoder.getStatus();
        if (decoder.hasOutput()) {
          ByteBuffer out = decoder.pull();
          byte[] chunk = new byte[out.remaining()];
          out.get(chunk);
          text.append(new String(chunk, StandardCharsets.UTF_8));
        } else if (status == DecoderJNI.Status.NEEDS_MORE_INPUT && offset < bytes.length) {
          ByteBuffer in = decoder.getInputBuffer();
          in.clear();
          int n = Math.min(in.capacity(), bytes.length - offset);
          in.put(bytes, offset, n);
          offset += n;
          decoder.push(n);
        } else if (status == DecoderJNI.Status.OK || status == DecoderJNI.Status.NEEDS_MORE_OUTPUT) {
          decoder.push(0);
        } else if (status == DecoderJNI.Status.ERROR) {
          throw new IllegalStateException("brotli stream is corrupt");
        } else {
          return lines();
        }
      }
    }

    @Override
    boolean complete() {
      return decoder.getStatus() == DecoderJNI.Status.DONE;
    }
  }

  private static final class ZstdLines extends Lines {
    private final ZstdDecompressCtx decoder = new ZstdDecompressCtx();
    private final ByteBuffer out = ByteBuffer.allocateDirect(256 * 1024);
    private boolean frameDone;

    @Override
    long feed(byte[] bytes) {
      ByteBuffer in = ByteBuffer.allocateDirect(bytes.length);
      in.put(bytes).flip();
      boolean more = true;
      while (in.hasRemaining() || more) {
        out.clear();
        frameDone = decoder.decompressDirectByteBufferStream(out, in);
        out.flip();
        byte[] chunk = new byte[out.remaining()];
        out.get(chunk);
        text.append(new String(chunk, StandardCharsets.UTF_8));
        // Output filled the buffer: there may be more without new input.
        more = chunk.length == out.capacity();
      }
      return lines();
    }

    @Override
    boolean complete() {
      return frameDone;
    }
  }
}
