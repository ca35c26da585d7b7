package dev.brisk.jmh;

import dev.brisk.cache.ETags;
import dev.brisk.http.ProtobufJson;
import dev.brisk.shop.proto.ProductPage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Response encoding on the hot path: a page of 20 products (default representation with the
 * category embedded) encoded as JSON, as protobuf through {@link ProtobufJson} (what
 * {@code Accept: application/x-protobuf} costs), and the strong ETag of the JSON bytes.
 *
 * <p>Metric: average time per operation (microseconds). Run:
 * {@code java -jar jmh/target/benchmarks.jar EncodeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncodeBenchmark {

  private JsonObject page;
  private Buffer json;

  @Setup
  public void setUp() {
    JsonArray data = new JsonArray();
    for (int i = 1; i <= 20; i++) {
      data.add(new JsonObject().put("id", (long) i).put("sku", "SKU-0000000" + i)
          .put("name", "Sturdy Lamp " + i).put("description", "A sturdy lamp for everyday use")
          .put("price_cents", 1999L + i).put("stock", 40 + i).put("category_id", 3L)
          .put("created_at", "2024-01-01T00:00:00Z").put("updated_at", "2024-01-01T00:00:00Z")
          .put("category", new JsonObject().put("id", 3L).put("name", "Lamps 1")));
    }
    page = new JsonObject().put("data", data).put("page", new JsonObject().put("limit", 20)
        .put("next_cursor", "AQBB-AJ03tEExZT9kdgGAgHOjgYBqFRZSNkqoA").put("has_more", true));
    json = page.toBuffer();
  }

  @Benchmark
  public Buffer json() {
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
}
