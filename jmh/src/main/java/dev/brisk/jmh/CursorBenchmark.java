package dev.brisk.jmh;

import static dev.brisk.page.KeyType.BIGINT;
import static dev.brisk.page.KeyType.TIMESTAMP;
import static dev.brisk.page.SortColumn.asc;

import dev.brisk.page.KeyExtractor;
import dev.brisk.page.KeysetSql;
import dev.brisk.page.PageOptions;
import dev.brisk.page.PageRequest;
import dev.brisk.page.PageResult;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Cost of keyset page cursors ({@code dev.brisk.page}) on the request path.
 *
 * <p>Workload: the sample app's {@code sort=-created_at} shape (a {@code timestamptz} column plus
 * a {@code bigint id} tiebreaker), two filters ({@code category_id}, {@code q}), limit 20, one
 * signing key.
 * <ul>
 *   <li>{@code encode}: {@link Pager#page} over 21 fetched rows: trims the extra row and mints the
 *       next cursor (key extraction, binary encoding, HMAC-SHA256, base64url).</li>
 *   <li>{@code decodeAndVerify}: {@link Pager#parse} of {@code limit} and {@code cursor}: base64url
 *       decode, HMAC-SHA256 verification, key decoding, TTL check and the SHA-256 filter hash that
 *       binds the cursor to the query.</li>
 *   <li>{@code decodeAndBuildSql}: the above plus {@link PageRequest#sql}, i.e. everything the
 *       framework adds to a list request before the query runs.</li>
 * </ul>
 *
 * <p>Metric: average time per operation in nanoseconds (lower is better); single thread.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar CursorBenchmark} (after
 * {@code ./mvnw -q -DskipTests package}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CursorBenchmark {

  /** A fetched row: created_at and id. */
  record Product(OffsetDateTime createdAt, long id) {
  }

  private static final KeyExtractor<Product> KEYS =
      (p, col) -> col.name().equals("id") ? (Object) p.id() : p.createdAt();

  private Pager pager;
  private Sort sort;
  private Map<String, Object> filters;
  private PageRequest firstPage;
  private List<Product> rows;
  private MultiMap nextQuery;

  /** Builds the pager, 21 rows and the query of the second page. */
  @Setup
  public void setUp() {
    byte[] key = "benchmark-cursor-key-0123456789ab".getBytes(StandardCharsets.UTF_8);
    pager = Pager.create(PageOptions.defaults().withKeys(List.of(key))
        .withRegistry(new SimpleMeterRegistry()));
    sort = Sort.of("created_at", asc("created_at", "p.created_at", TIMESTAMP),
        asc("id", "p.id", BIGINT)).reversed();
    filters = Map.of("category_id", 7L, "q", "red");
    MultiMap first = MultiMap.caseInsensitiveMultiMap().add("sort", "-created_at");
    firstPage = pager.parse(first, sort, filters);
    OffsetDateTime t = OffsetDateTime.of(2025, 3, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC);
    rows = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      rows.add(new Product(t.minusSeconds(i * 37L), 1_000_000L - i));
    }
    String cursor = pager.page(firstPage, rows, KEYS).nextCursor();
    nextQuery = MultiMap.caseInsensitiveMultiMap()
        .add("sort", "-created_at").add("limit", "20").add("cursor", cursor);
  }

  /** Mints a next cursor for a full page. */
  @Benchmark
  public PageResult<Product> encode() {
    return pager.page(firstPage, rows, KEYS);
  }

  /** Verifies and decodes a cursor from the query parameters. */
  @Benchmark
  public PageRequest decodeAndVerify() {
    return pager.parse(nextQuery, sort, filters);
  }

  /** Verifies a cursor and builds the keyset SQL fragments. */
  @Benchmark
  public KeysetSql decodeAndBuildSql() {
    return pager.parse(nextQuery, sort, filters).sql(3);
  }
}
