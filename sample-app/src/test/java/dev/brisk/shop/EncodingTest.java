package dev.brisk.shop;

import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.github.luben.zstd.ZstdInputStream;
import dev.brisk.http.Compression;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/**
 * Content codings decompress to the identity bytes, for replies and streams; q-values decide;
 * protobuf replies decode with stock {@code protoc} ({@link Protoc}).
 */
class EncodingTest {

  private static final String PAGE = "/api/products?limit=100";
  private static final String EXPORT = "/api/products/export?fields=id,sku,name";

  @Test
  void each_coding_decompresses_to_the_identity_body() throws Exception {
    for (String uri : List.of(PAGE, EXPORT)) {
      HttpResponse<Buffer> plain = Http.get(uri);
      assertThat(plain.getHeader("Content-Encoding")).isNull();
      // Caches must key compressible bodies on Accept-Encoding, compressed or not.
      assertThat(plain.getHeader("Vary")).as(uri).contains("Accept-Encoding");
      for (String coding : List.of("br", "zstd", "gzip", "deflate")) {
        HttpResponse<Buffer> r = Http.get(uri, "Accept-Encoding", coding);
        assertThat(r.getHeader("Content-Encoding")).as(uri + " " + coding).isEqualTo(coding);
        assertThat(r.getHeader("Vary")).as(uri + " " + coding).contains("Accept-Encoding");
        assertThat(r.body().length()).isLessThan(plain.body().length());
        // A cursor carries the second it was minted in: two requests may straddle a second.
        assertThat(withoutCursor(decode(coding, r.body().getBytes()))).as(uri + " " + coding)
            .isEqualTo(withoutCursor(plain.body().getBytes()));
      }
    }
  }

  /**
   * A body of 32 KiB or more is compressed on a worker (milliseconds of CPU that held the event
   * loop before), and still decodes to the identity body.
   */
  @Test
  void a_large_body_is_compressed_on_a_worker() throws Exception {
    String nested = "/api/orders?limit=100&fields=id,user(name),items(quantity,product(name,"
        + "category(name)))";
    HttpResponse<Buffer> plain = Http.get(nested);
    assertThat(plain.body().length()).isGreaterThanOrEqualTo(Compression.OFF_LOOP_BYTES);
    for (String coding : List.of("br", "zstd", "gzip", "deflate")) {
      long before = workerTasks();
      HttpResponse<Buffer> r = Http.get(nested, "Accept-Encoding", coding);
      assertThat(r.getHeader("Content-Encoding")).as(coding).isEqualTo(coding);
      assertThat(withoutCursor(decode(coding, r.body().getBytes()))).as(coding)
          .isEqualTo(withoutCursor(plain.body().getBytes()));
      // The pool counts a task once it has returned, which may be after its reply arrived.
      eventually(coding + " compressed on a worker", () -> workerTasks() > before);
    }
  }

  /** Tasks Vert.x's worker pool has run in the shop's JVM-wide registry. */
  private static long workerTasks() {
    return (long) TestShop.app().context().registry().get("vertx.pool.completed")
        .tag("pool_name", "vert.x-worker-thread").meter().measure().iterator().next()
        .getValue();
  }

  @Test
  void q_values_choose_and_q_zero_excludes() {
    for (String uri : List.of(PAGE, EXPORT)) {
      assertThat(coding(uri, "gzip;q=0, br")).isEqualTo("br");
      assertThat(coding(uri, "gzip;q=0")).isNull();
      assertThat(coding(uri, "identity")).isNull();
      assertThat(coding(uri, "*")).isEqualTo("br");
      // Streams too (Netty's stream compressor would have answered br and zstd: they went
      // uncompressed before Brisk coded streams itself).
      assertThat(coding(uri, "br;q=0, gzip")).as(uri).isEqualTo("gzip");
      assertThat(coding(uri, "gzip;q=1, zstd;q=0.5")).as(uri).isEqualTo("gzip");
    }
  }

  @Test
  void identity_q_zero_alone_is_answered_uncoded_and_a_preferred_identity_wins() {
    for (String uri : List.of(PAGE, EXPORT)) {
      // No coding is acceptable (none listed, no *): the body goes as it is, not a 406.
      HttpResponse<Buffer> r = Http.get(uri, "Accept-Encoding", "identity;q=0");
      assertThat(r.statusCode()).as(uri).isEqualTo(200);
      assertThat(r.getHeader("Content-Encoding")).as(uri).isNull();
      assertThat(r.getHeader("Vary")).as(uri).contains("Accept-Encoding");
      assertThat(coding(uri, "identity, gzip;q=0.5")).as(uri).isNull();
      assertThat(coding(uri, "identity;q=0, gzip;q=0.5")).as(uri).isEqualTo("gzip");
    }
  }

  @Test
  void accept_sent_on_several_lines_is_one_list() {
    // RFC 9110 section 5.3; only the first line was read, so these were 406.
    assertThat(Http.get("/api/products/1", "Accept", "text/html", "Accept",
        "application/x-protobuf").getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(Http.get("/api/products?limit=2", "Accept", "text/html", "Accept",
        "application/x-protobuf").getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(Http.get("/api/products/export?category_id=3", "Accept", "text/html", "Accept",
        "text/event-stream").getHeader("Content-Type")).startsWith("text/event-stream");
  }

  @Test
  void explorer_files_are_sent_in_each_coding_under_one_etag() throws Exception {
    String bundle = "/docs/swagger-ui-bundle.js";
    HttpResponse<Buffer> plain = Http.get(bundle);
    assertThat(plain.getHeader("Content-Encoding")).isNull();
    for (String coding : List.of("br", "zstd", "gzip", "deflate")) {
      // Twice: compressed on a worker the first time, kept for the second.
      for (int i = 0; i < 2; i++) {
        HttpResponse<Buffer> r = Http.get(bundle, "Accept-Encoding", coding);
        assertThat(r.getHeader("Content-Encoding")).isEqualTo(coding);
        assertThat(r.getHeader("Vary")).contains("Accept-Encoding");
        assertThat(r.getHeader("ETag")).isEqualTo(plain.getHeader("ETag"));
        assertThat(decode(coding, r.body().getBytes())).isEqualTo(plain.body().getBytes());
      }
    }
    assertThat(Http.get(bundle, "Accept-Encoding", "br", "If-None-Match",
        plain.getHeader("ETag")).statusCode()).isEqualTo(304);
  }

  private static String coding(String uri, String acceptEncoding) {
    return Http.get(uri, "Accept-Encoding", acceptEncoding).getHeader("Content-Encoding");
  }

  @Test
  void head_sends_the_headers_get_would() {
    HttpResponse<Buffer> plain = Http.get(PAGE);
    HttpResponse<Buffer> head = TestBrisk.await(Http.send(HttpMethod.HEAD, PAGE, null));
    assertThat(head.getHeader("Content-Length")).isEqualTo(Integer.toString(plain.body().length()));
    assertThat(head.getHeader("Content-Encoding")).isNull();
    assertThat(head.getHeader("ETag")).isEqualTo(plain.getHeader("ETag"));

    HttpResponse<Buffer> gzip = Http.get(PAGE, "Accept-Encoding", "gzip");
    HttpResponse<Buffer> coded = TestBrisk.await(Http.send(HttpMethod.HEAD, PAGE, null,
        "Accept-Encoding", "gzip"));
    assertThat(coded.statusCode()).isEqualTo(200);
    assertThat(coded.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(coded.getHeader("Vary")).contains("Accept-Encoding");
    assertThat(coded.getHeader("ETag")).isEqualTo(gzip.getHeader("ETag"));
    // It said the uncompressed length: a client believing it misreads the GET's framing.
    assertThat(coded.getHeader("Content-Length")).isNull();
    assertThat(coded.body()).isNull();

    // Problems too: the same length, and no Vary the GET does not send.
    for (String uri : new String[] {"/api/products/999999", "/api/products?limit=0"}) {
      HttpResponse<Buffer> problem = Http.get(uri, "Accept-Encoding", "gzip");
      HttpResponse<Buffer> headProblem = TestBrisk.await(Http.send(HttpMethod.HEAD, uri, null,
          "Accept-Encoding", "gzip"));
      assertThat(headProblem.statusCode()).as(uri).isEqualTo(problem.statusCode());
      assertThat(headProblem.getHeader("Content-Length")).as(uri)
          .isEqualTo(Integer.toString(problem.body().length()));
      assertThat(headProblem.getHeader("Vary")).as(uri).isEqualTo(problem.getHeader("Vary"));
      assertThat(headProblem.getHeader("Content-Type")).as(uri)
          .isEqualTo(problem.getHeader("Content-Type"));
    }
  }

  @Test
  void small_bodies_stay_uncompressed() {
    HttpResponse<Buffer> r = Http.get("/api/products/1?fields=id", "Accept-Encoding", "br");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Encoding")).isNull();
    // HEAD the same: Netty passes HEAD answers through, marker headers included.
    HttpResponse<Buffer> head = TestBrisk.await(Http.send(HttpMethod.HEAD,
        "/api/products/1?fields=id", null, "Accept-Encoding", "br"));
    assertThat(head.getHeader("Content-Encoding")).isNull();
    // And a 304 (no body either), for any Accept-Encoding.
    for (String accept : new String[] {"identity", "br", "gzip;q=0"}) {
      HttpResponse<Buffer> notModified = Http.get("/api/products/1?fields=id", "Accept-Encoding",
          accept, "If-None-Match", r.getHeader("ETag"));
      assertThat(notModified.statusCode()).isEqualTo(304);
      assertThat(notModified.getHeader("Content-Encoding")).as(accept).isNull();
    }
  }

  @Test
  void protobuf_page_decodes_with_stock_protoc() throws Exception {
    HttpResponse<Buffer> json = Http.get("/api/products?limit=5&fields=id,name,category(name)");
    HttpResponse<Buffer> proto = Http.get("/api/products?limit=5&fields=id,name,category(name)",
        "Accept", "application/x-protobuf");
    assertThat(proto.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    String text = Protoc.decode("brisk.shop.ProductPage", proto.body().getBytes());
    var data = Http.json(json).getJsonArray("data");
    assertThat(text.split("\ndata \\{", -1)).hasSize(data.size() + 1);
    for (int i = 0; i < data.size(); i++) {
      var product = data.getJsonObject(i);
      assertThat(text).contains("id: " + product.getLong("id"))
          .contains("name: \"" + product.getString("name") + "\"")
          .contains("name: \"" + product.getJsonObject("category").getString("name") + "\"");
    }
    assertThat(text).contains("limit: 5").contains("has_more: true");
  }

  private static byte[] decode(String coding, byte[] bytes) throws IOException {
    if (coding.equals("br")) {
      Brotli4jLoader.ensureAvailability();
      DirectDecompress result = Decoder.decompress(bytes);
      assertThat(result.getResultStatus()).isEqualTo(DecoderJNI.Status.DONE);
      return result.getDecompressedData();
    }
    InputStream in = new ByteArrayInputStream(bytes);
    try (InputStream z = switch (coding) {
      case "zstd" -> new ZstdInputStream(in);
      case "gzip" -> new GZIPInputStream(in);
      default -> new InflaterInputStream(in);
    }) {
      return z.readAllBytes();
    }
  }

  private static String withoutCursor(byte[] body) {
    return new String(body, StandardCharsets.UTF_8)
        .replaceAll("\"next_cursor\":\"[A-Za-z0-9_-]+\"", "\"next_cursor\":\"\"");
  }
}
