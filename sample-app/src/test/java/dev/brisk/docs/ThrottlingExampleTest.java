package dev.brisk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.BriskOptions;
import dev.brisk.auth.Access;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import dev.brisk.throttle.ConcurrencyOptions;
import dev.brisk.throttle.RateLimitOptions;
import dev.brisk.throttle.ThrottleOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The throttling page's configuration example (docs/throttling.md), compiled and run. */
class ThrottlingExampleTest {

  /** An app that sets its throttle in code, whether run by {@code Brisk.run} or a test. */
  static final class ThrottledApp implements BriskApp {

    @Override
    public BriskOptions options(BriskOptions options) {
      // region throttle-options
      RateLimitOptions rateLimits = RateLimitOptions.defaults()
          .withTiers(RateLimitOptions.parseTiers(
              "anonymous=50/s:100;free=10/s:20,5000/d;pro=200/s:400;internal=unlimited"))
          .withRouteCosts(Map.of("POST /api/orders", 5, "GET /api/products/export", 20))
          .withLeases(Duration.ofMillis(50), 0.02);
      ConcurrencyOptions concurrency = ConcurrencyOptions.defaults()
          .withAlgorithm("vegas")
          .withMaxQueue(32)
          .withReservedShares(Map.of("internal", 0.3, "pro", 0.2));
      return options.withThrottle(ThrottleOptions.defaults()
          .withRateLimits(rateLimits)
          .withConcurrency(concurrency));
      // endregion throttle-options
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      routes.post("/api/orders", Access.open(), this::ok)
          .get("/api/products/export", Access.open(), this::ok);
    }

    private Future<Reply> ok(io.vertx.ext.web.RoutingContext ctx) {
      return Future.succeededFuture(Reply.ok(new JsonObject()));
    }
  }

  @Test
  void the_example_configures_two_bandwidths_for_free_and_route_costs() {
    BriskOptions options = new ThrottledApp()
        .options(BriskOptions.create("postgresql://pg", "redis://r"));
    RateLimitOptions limits = options.throttle().rateLimits();
    assertThat(limits.bandwidths("free")).hasSize(2);
    assertThat(limits.bandwidths("internal")).isEmpty();
    assertThat(limits.routeCosts()).containsEntry("POST /api/orders", 5);
    assertThat(options.throttle().concurrency().algorithm()).isEqualTo("vegas");
    assertThat(options.throttle().concurrency().reservedShares()).containsEntry("internal", 0.3);
    assertThat(limits.leaseShare()).isEqualTo(0.02);
  }

  @Test
  void an_app_started_from_settings_runs_with_the_options_it_set_in_code() {
    try (TestBrisk app = TestBrisk.start(ThrottledApp::new)) {
      HttpResponse<Buffer> export = app.get("/api/products/export");

      assertThat(export.getHeader("RateLimit-Policy")).isEqualTo("\"anonymous\";q=100;w=2");
      // The export costs 20 of the burst of 100 (the bucket, shared through Redis with other
      // tests' anonymous calls, may hold fewer).
      Matcher remaining = Pattern.compile("^\"anonymous\";r=(\\d+);")
          .matcher(export.getHeader("RateLimit"));
      assertThat(remaining.find()).as(export.getHeader("RateLimit")).isTrue();
      assertThat(Integer.parseInt(remaining.group(1))).isBetween(0, 80);
    }
  }
}
