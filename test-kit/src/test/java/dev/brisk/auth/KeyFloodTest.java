package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random API keys cost the flooder's own rate limit, not one store query each: a key the cache
 * does not hold is charged to the anonymous bucket of its address before the store is asked.
 */
class KeyFloodTest {

  private static final AtomicInteger QUERIES = new AtomicInteger();

  /** A store that counts its queries and knows key {@code good}. */
  private static final class App implements BriskApp {
    @Override
    public ApiKeyStore apiKeys(BriskContext context) {
      return hash -> {
        QUERIES.incrementAndGet();
        return Future.succeededFuture(hash.equals(ApiKey.hash("good"))
            ? new ApiKey("k-good", "1", "free") : null);
      };
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      routes.get("/open", Access.open(), rc -> Future.succeededFuture(
          Reply.ok(new JsonObject())));
    }
  }

  @BeforeEach
  void resetQueries() {
    QUERIES.set(0);
  }

  @Test
  void random_keys_are_rate_limited_by_address_before_the_store_is_asked() {
    try (TestBrisk app = TestBrisk.start(App::new, Map.of("rate-limits",
        "anonymous=1/h:5;free=1000/s", "rate-limit-store", "local"))) {
      int refused = 0;
      for (int i = 0; i < 20; i++) {
        HttpResponse<Buffer> r = app.get("/open", "X-API-Key", UUID.randomUUID().toString());
        assertThat(r.statusCode()).isIn(401, 429);
        if (r.statusCode() == 429) {
          refused++;
          assertThat(r.getHeader("Retry-After")).isNotNull();
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        }
      }
      assertThat(refused).isEqualTo(15);
      assertThat(QUERIES.get()).isEqualTo(5);
    }
  }

  @Test
  void anonymous_requests_that_spent_their_address_budget_do_not_lock_out_a_key() {
    try (TestBrisk app = TestBrisk.start(App::new, Map.of("rate-limits",
        "anonymous=1/h:5;free=1000/s", "rate-limit-store", "local"))) {
      for (int i = 0; i < 5; i++) {
        assertThat(app.get("/open").statusCode()).isEqualTo(200);
      }
      assertThat(app.get("/open").statusCode()).as("the address's anonymous budget").isEqualTo(429);
      // The key is not cached yet: its check is charged to a bucket of the address's own.
      HttpResponse<Buffer> keyed = app.get("/open", "X-API-Key", "good");
      assertThat(keyed.statusCode()).as(keyed.bodyAsString()).isEqualTo(200);
      assertThat(keyed.getHeader("RateLimit-Policy")).startsWith("\"free\"");
    }
  }

  @Test
  void probes_are_answered_for_the_anonymous_caller_once_the_address_check_budget_is_spent() {
    try (TestBrisk app = TestBrisk.start(App::new, Map.of("rate-limits",
        "anonymous=1/h:5;free=1000/s", "rate-limit-store", "local"))) {
      for (int i = 0; i < 5; i++) {
        app.get("/open", "X-API-Key", UUID.randomUUID().toString());
      }
      assertThat(app.get("/open", "X-API-Key", UUID.randomUUID().toString()).statusCode())
          .as("the address's check budget").isEqualTo(429);
      int queries = QUERIES.get();
      // /health/* and /metrics are never rate limited: status only, as for anyone anonymous.
      HttpResponse<Buffer> ready = app.get("/health/ready", "X-API-Key", "flood-1");
      assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().fieldNames()).containsExactly("status");
      HttpResponse<Buffer> metrics = app.get("/metrics", "X-API-Key", "flood-2");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.bodyAsString()).contains("brisk_");
      assertThat(QUERIES.get()).as("no store query for the refused checks").isEqualTo(queries);
      // Elsewhere the refusal stands.
      assertThat(app.get("/open", "X-API-Key", "good").statusCode()).isEqualTo(429);
    }
  }
}
