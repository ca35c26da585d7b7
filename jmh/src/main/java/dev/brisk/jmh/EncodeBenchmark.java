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
 * {@code java -jar jmh/target/benchmarks.jar EncodeBenchmark -p size=20} (and {@code -p size=100
 * -p coding=br,zstd,gzip,deflate} for the compression figures).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncodeBenchmark {

  @Param({"20", "100"})
  public int size;

  @Param({"br", "zstd", "gzip", "deflate"})
  public String coding;

  private JsonObject page;
  private Buffer json;
  private Buffer realPage;

  @Setup
  public void setUp() throws IOException {
    page = page(size);
    json = JsonWriter.encode(page);
    try (InputStream in = EncodeBenchmark.class.getResourceAsStream(
        "/encode/products-page-100.json")) {
      realPage = Buffer.buffer(in.readAllBytes());
    }
    int proto = ProtobufJson.encode(page, ProductPage.getDescriptor()).length();
    System.out.printf("%nsize=%d json=%d B protobuf=%d B (%.2fx); real page of 100: %d B, "
        + "%s %d B%n", size, json.length(), proto, proto / (double) json.length(),
        realPage.length(), coding, Compression.compress(coding, realPage).length());
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
  public Buffer json() {
    return JsonWriter.encode(page);
  }

  @Benchmark
  public Buffer jsonJackson() {
    return page.toBuffer();
  }

  @Benchmark
  public Buffer protobuf() {
    return ProtobufJson.encode(page, ProductPage.getDescriptor());
  }

  @Benchmark
  public String etag() {
    return ETags.of(json);
  }

  @Benchmark
  public Buffer compress() {
    return Compression.compress(coding, realPage);
  }
}
