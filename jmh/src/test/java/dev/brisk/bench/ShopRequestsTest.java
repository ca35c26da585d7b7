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
 * the anonymous limit.
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

    JsonObject batch = new JsonObject().put("requests", new JsonArray().add(new JsonObject()
        .put("id", "p1").put("method", "GET").put("path", "/api/products/1?fields=name")));
    HttpResponse<Buffer> batched = TestBrisk.await(BatchingBench.shop(client, base,
        HttpMethod.POST, "/api/batch").sendJsonObject(batch));
    assertThat(batched.statusCode()).as(batched.bodyAsString()).isEqualTo(200);
  }

  @Test
  void deep_paging_walks_past_the_anonymous_rate_limit() {
    // 400 of the small dataset's 500 pages in a few seconds: far beyond anonymous 50/s, burst 100.
    int pages = 400;
    assertThat(DeepPagingBench.walk(client, base, pages, new double[pages + 1],
        new long[pages + 1][])).isEqualTo(pages);
  }
}
