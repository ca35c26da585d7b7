package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Open representations and the tiers' row budgets: what one tier's request read (or was refused)
 * through the two-level cache never answers a tier with another budget. Each representation
 * below embeds about 20,100 rows: over the anonymous budget (12,500), within internal's
 * (50,000).
 */
class TierCachingTest {

  private static final String KEY = "X-API-Key";
  private static final String NESTED = "category(products(category(products(category(id)))))";
  private static final String BY_ID = "/api/products/%d?fields=id," + NESTED;
  private static final String PAGE = "/api/products?limit=100&category_id=%d"
      + "&fields=id,category(products(category(id)))";

  private static HttpResponse<Buffer> get(String uri, String... headers) {
    return TestShop.kit().get(uri, headers);
  }

  private static void assertRefusedToAnonymous(HttpResponse<Buffer> r) {
    String body = r.bodyAsString();
    assertThat(r.statusCode()).as(body.substring(0, Math.min(body.length(), 300)))
        .isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("the budget of tier anonymous");
  }

  @Test
  void a_representation_cached_for_a_higher_tier_is_refused_to_a_tier_it_exceeds() {
    for (String uri : List.of(BY_ID.formatted(181), PAGE.formatted(7))) {
      HttpResponse<Buffer> internal = get(uri, KEY, "demo-internal");
      assertThat(internal.statusCode()).as(uri).isEqualTo(200);
      assertThat(get(uri, KEY, "demo-internal").getHeader("ETag")).as("cached")
          .isEqualTo(internal.getHeader("ETag"));

      assertRefusedToAnonymous(get(uri));
      assertRefusedToAnonymous(get(uri, "If-None-Match", internal.getHeader("ETag")));
      assertThat(TestShop.kit().request(HttpMethod.HEAD, uri, null).statusCode()).as("HEAD")
          .isEqualTo(413);
      HttpResponse<Buffer> free = get(uri, KEY, "demo-free");
      assertThat(free.statusCode()).as("within the free tier's 37,500").isEqualTo(200);
      assertThat(free.body()).isEqualTo(internal.body());
    }
  }

  @Test
  void a_higher_tier_waiting_for_a_lower_tiers_load_is_not_answered_its_413() throws Exception {
    String uri = BY_ID.formatted(182);
    // The key lookup is cached: the internal request reaches the cache as soon as it is admitted.
    assertThat(get("/api/products/1", KEY, "demo-internal").statusCode()).isEqualTo(200);
    Promise<Void> locked = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<Void> holder = TestShop.db().inTransaction(tx -> tx
        .query("LOCK TABLE categories IN ACCESS EXCLUSIVE MODE").compose(r -> {
          locked.complete();
          return release.future();
        }));
    TestBrisk.await(locked.future());
    Future<HttpResponse<Buffer>> anonymous;
    Future<HttpResponse<Buffer>> internal;
    try {
      anonymous = TestShop.kit().send(HttpMethod.GET, uri, null);
      TestBrisk.eventually("the anonymous load waits for the lock", () -> waitingForLock() == 1);
      internal = TestShop.kit().send(HttpMethod.GET, uri, null, KEY, "demo-internal");
      TestBrisk.eventually("both requests are admitted", () -> inFlight() == 2);
      // Admitted, the internal request reaches the cache in the same event-loop task or the
      // next: leave it that long to find the anonymous load in flight.
      Thread.sleep(200);
    } finally {
      release.complete();
      TestBrisk.await(holder);
    }
    assertRefusedToAnonymous(TestBrisk.await(anonymous));
    HttpResponse<Buffer> answer = TestBrisk.await(internal);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
  }

  /**
   * Statements waiting for a lock, read on a connection of its own: the pipelined client could
   * queue the query behind the very statement it looks for.
   */
  private static long waitingForLock() {
    return TestBrisk.await(TestShop.db().inTransaction(tx -> tx.query("SELECT count(*) FROM "
        + "pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%categories%'")))
        .iterator().next().getLong(0);
  }

  private static double inFlight() {
    return TestShop.app().context().registry().find("brisk.concurrency.inflight").gauges()
        .stream().mapToDouble(Gauge::value).sum();
  }
}
