package dev.brisk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.shop.ShopApp;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The requests {@link BatchingBench} and {@link DeepPagingBench} send are answered by the shop
 * (small dataset, rate limits on): not a 401 for the orders page, not a 429 once a walk outruns
 * the anonymous limit; and a batch counts as answered only when every lookup in it was.
 */
class ShopRequestsTest {

  private static TestBrisk brisk;
  private static WebClient client;
  private static URI base;

  @BeforeAll
  static void start() {
    brisk = TestBrisk.start(ShopApp::new, Map.of("dataset", "small"));
    client = WebClient.create(brisk.vertx());
    base = URI.create("http://127.0.0.1:" + brisk.port());
  }

  @AfterAll
  static void stop() {
    client.close();
    brisk.close();
  }

  @Test
  void batching_bench_reads_the_nested_orders_page_and_batches() {
    HttpResponse<Buffer> orders = TestBrisk.await(BatchingBench.shop(client, base, HttpMethod.GET,
        "/api/orders?limit=100&" + BatchingBench.FIELDS).send());
    assertThat(orders.statusCode()).as(orders.bodyAsString()).isEqualTo(200);
    assertThat(orders.bodyAsJsonObject().getJsonArray("data")).hasSize(100);

    HttpResponse<Buffer> found = batch("/api/products/1?fields=name");
    assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
    assertThat(BatchingBench.allAnswered(found)).isTrue();
  }

  @Test
  void a_batch_with_a_failed_lookup_does_not_count_as_answered() {
    // The small dataset has 10,000 products: the batch is a 200, one lookup in it a 404.
    HttpResponse<Buffer> partly = batch("/api/products/1?fields=name",
        "/api/products/999999?fields=name");
    assertThat(partly.statusCode()).isEqualTo(200);
    assertThat(BatchingBench.allAnswered(partly)).isFalse();
  }

  @Test
  void deep_paging_walks_past_the_anonymous_rate_limit() {
    // 400 of the small dataset's 500 pages in a few seconds: far beyond anonymous 50/s, burst 100.
    int pages = 400;
    assertThat(DeepPagingBench.walk(client, base, pages, new double[pages + 1],
        new long[pages + 1][])).isEqualTo(pages);
  }

  private static HttpResponse<Buffer> batch(String... paths) {
    JsonArray requests = new JsonArray();
    for (int i = 0; i < paths.length; i++) {
      requests.add(new JsonObject().put("id", "p" + i).put("method", "GET").put("path", paths[i]));
    }
    return TestBrisk.await(BatchingBench.shop(client, base, HttpMethod.POST, "/api/batch")
        .sendJsonObject(new JsonObject().put("requests", requests)));
  }
}
