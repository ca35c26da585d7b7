package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code POST /api/batch} and the shared two-level cache when a write on another instance
 * lands between its sub-requests. The batch's own instance A quotes shipping from a carrier this
 * test holds: a sub-request that depends on the quote starts only once the test let it answer,
 * so the write lands exactly between the reads before and after it, without timing anything.
 * B is {@link TestShop}, on the same PostgreSQL and Redis.
 */
class BatchCachingTest {

  private static final String KEY = "X-API-Key";
  /** A product no other test writes. */
  private static final long PRODUCT = 177;

  private static Vertx vertx;
  private static HttpServer carrier;
  private static TestBrisk a;
  /** Completed when the carrier receives a quote call; the call is answered after release. */
  private static final Promise<Void> called = Promise.promise();
  private static final Promise<Void> release = Promise.promise();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    carrier = TestBrisk.await(vertx.createHttpServer().requestHandler(BatchCachingTest::carrier)
        .listen(0, "127.0.0.1"));
    a = TestBrisk.start(ShopApp::new, Map.of("dataset", "small", "deadline", "PT60S",
        "carrier-url", "http://127.0.0.1:" + carrier.actualPort(), "carrier-timeout", "PT60S"));
    TestShop.kit();
  }

  @AfterAll
  static void stop() {
    release.tryComplete();
    a.close();
    TestBrisk.await(vertx.close());
  }

  private static void carrier(HttpServerRequest request) {
    if (!request.path().equals("/quote")) {
      request.response().end();
      return;
    }
    called.tryComplete();
    release.future().onComplete(x -> request.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("carrier", "held").put("price_cents", 700).put("days", 2)
            .encode()));
  }

  private static HttpResponse<Buffer> patchStock(TestBrisk app, int stock) {
    return TestBrisk.await(app.send(HttpMethod.PATCH, "/api/products/" + PRODUCT,
        new JsonObject().put("stock", stock).toBuffer(), "Content-Type", "application/json", KEY,
        "demo-internal"));
  }

  private static JsonObject get(String id, String path, String... dependsOn) {
    JsonObject r = new JsonObject().put("id", id).put("method", "GET").put("path", path);
    return dependsOn.length == 0 ? r
        : r.put("depends_on", new JsonArray(List.of((Object[]) dependsOn)));
  }

  private static JsonObject entry(JsonObject batch, String id) {
    for (Object o : batch.getJsonArray("responses")) {
      if (id.equals(((JsonObject) o).getString("id"))) {
        JsonObject e = (JsonObject) o;
        assertThat(e.getInteger("status")).as(e.encode()).isEqualTo(200);
        return e;
      }
    }
    throw new AssertionError("no response " + id + " in " + batch.encode());
  }

  @Test
  void a_batch_that_read_a_product_before_a_write_elsewhere_caches_nothing_older_than_it() {
    String plain = "/api/products/" + PRODUCT;
    String embeds = plain + "?fields=stock,category(name)";
    // Nothing cached from before: the write drops the product on every instance.
    assertThat(patchStock(TestShop.kit(), 1000).statusCode()).isEqualTo(200);

    JsonArray requests = new JsonArray()
        .add(get("a", embeds)).add(get("a2", plain))
        .add(get("q", plain + "/shipping-quote", "a", "a2"))
        .add(get("b", embeds, "q")).add(get("b2", plain, "q"));
    Future<HttpResponse<Buffer>> sent = a.send(HttpMethod.POST, "/api/batch",
        new JsonObject().put("requests", requests).toBuffer(), "Content-Type",
        "application/json", KEY, "demo-internal");
    // a and a2 have answered (q depends on them) and b, b2 wait for q: write now, on B.
    TestBrisk.await(called.future());
    HttpResponse<Buffer> patched = patchStock(TestShop.kit(), 2000);
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    release.complete();
    HttpResponse<Buffer> batch = TestBrisk.await(sent);
    assertThat(batch.statusCode()).as(batch.bodyAsString()).isEqualTo(200);
    JsonObject responses = new JsonObject(batch.bodyAsString());
    assertThat(entry(responses, "a").getJsonObject("body").getInteger("stock")).isEqualTo(1000);
    // The batch shares what it read (batching.md): b and b2 show the stock a and a2 read.
    assertThat(entry(responses, "b").getJsonObject("body").getInteger("stock")).isEqualTo(1000);
    assertThat(entry(responses, "b2").getJsonObject("body").getInteger("stock"))
        .isEqualTo(1000);

    // But what they loaded is older than the write, so no instance keeps it.
    for (TestBrisk app : new TestBrisk[] {a, TestShop.kit()}) {
      HttpResponse<Buffer> one = app.get(plain);
      assertThat(new JsonObject(one.bodyAsString()).getInteger("stock")).isEqualTo(2000);
      assertThat(one.getHeader("ETag")).isEqualTo(patched.getHeader("ETag"));
      assertThat(new JsonObject(app.get(embeds).bodyAsString()).getInteger("stock"))
          .isEqualTo(2000);
    }
  }
}
