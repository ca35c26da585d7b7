package dev.brisk.jmh;

import dev.brisk.cache.ETags;
import dev.brisk.http.Compression;
import dev.brisk.http.ProtobufJson;
import dev.brisk.internal.JsonWriter;
import dev.brisk.internal.RowLayout;
import dev.brisk.internal.RowMap;
import dev.brisk.shop.proto.ProductPage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Response encoding on the hot path: a page of {@code size} products (default representation
 * with the category embedded, each row a rendered row as the renderer builds it) encoded as
 * JSON by the writer replies and streams share
 * ({@code json}), by Jackson for comparison ({@code jsonJackson}), as protobuf written directly
 * from the message declaration ({@code protobuf}, what {@code Accept: application/x-protobuf}
 * costs), the strong ETag of the JSON bytes, and, per coding, the sample app's real
 * {@code GET /api/products?limit=100} body (captured in {@code encode/products-page-100.json})
 * compressed whole ({@code compress}: the CPU per encoding in docs/http.md). The setup prints
 * each form's size.
 *
 * <p>Targets for a page of 20: JSON <= 10 us; protobuf <= 0.7x JSON time and <= 0.6x its bytes.
 *
 * <p>Metric: average time per operation (microseconds). Run:
 * {@code java -jar jmh/target/benchmarks.jar EncodeBenchmark -p size=20}; {@code size} applies
 * to the page benchmarks, {@code coding} to {@code compress} alone (each runs once per value).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncodeBenchmark {

  /** The encoded page: {@code json}, {@code jsonJackson}, {@code protobuf} and {@code etag}. */
  @State(Scope.Benchmark)
  public static class Page {
    @Param({"20", "100"})
    public int size;

    private JsonObject page;
    private Buffer json;

    @Setup
    public void setUp() {
      page = page(size);
      json = JsonWriter.encode(page);
      int proto = ProtobufJson.encode(page, ProductPage.getDescriptor()).length();
      System.out.printf("%nsize=%d json=%d B protobuf=%d B (%.2fx)%n", size, json.length(),
          proto, proto / (double) json.length());
    }
  }

  /** The coding of {@code compress} and the real page of 100 it compresses. */
  @State(Scope.Benchmark)
  public static class Coding {
    @Param({"br", "zstd", "gzip", "deflate"})
    public String coding;

    private Buffer realPage;

    @Setup
    public void setUp() throws IOException {
      try (InputStream in = EncodeBenchmark.class.getResourceAsStream(
          "/encode/products-page-100.json")) {
        realPage = Buffer.buffer(in.readAllBytes());
      }
      System.out.printf("%nreal page of 100: %d B, %s %d B%n", realPage.length(), coding,
          Compression.compress(coding, realPage).length());
    }
  }

  /**
   * A page like {@code GET /api/products?limit=n}: sample-shaped rows, category embedded, each
   * row a rendered row ({@code RowMap}, what the renderer builds) in an ordinary envelope.
   */
  static JsonObject page(int n) {
    RowLayout product = RowLayout.of(List.of("id", "sku", "name", "description", "price_cents",
        "stock", "category_id", "created_at", "updated_at", "category"));
    RowLayout category = RowLayout.of(List.of("id", "name"));
    JsonArray data = new JsonArray();
    for (int i = 1; i <= n; i++) {
      RowMap c = new RowMap(category);
      c.set(0, 3L);
      c.set(1, "Lamps 1");
      RowMap p = new RowMap(product);
      Object[] values = {(long) i, "SKU-" + (1_000_000 + i * 7919), "Sturdy Lamp " + i,
          "A sturdy lamp for everyday use, model " + (i * 31 % 97), 1999L + i * 13, 40 + i % 17,
          3L, "2024-01-01T00:00:00Z", "2024-01-0" + (1 + i % 9) + "T12:34:56.123456Z",
          new JsonObject(c)};
      for (int v = 0; v < values.length; v++) {
        p.set(v, values[v]);
      }
      data.add(new JsonObject(p));
    }
    return new JsonObject().put("data", data).put("page", new JsonObject().put("limit", n)
        .put("next_cursor", "AQBB-AJ03tEExZT9kdgGAgHOjgYBqFRZSNkqoA").put("has_more", true));
  }

  @Benchmark
  public Buffer json(Page p) {
    return JsonWriter.encode(p.page);
  }

  @Benchmark
  public Buffer jsonJackson(Page p) {
    return p.page.toBuffer();
  }

  @Benchmark
  public Buffer protobuf(Page p) {
    return ProtobufJson.encode(p.page, ProductPage.getDescriptor());
  }

  @Benchmark
  public String etag(Page p) {
    return ETags.of(p.json);
  }

  @Benchmark
  public Buffer compress(Coding c) {
    return Compression.compress(c.coding, c.realPage);
  }
}
