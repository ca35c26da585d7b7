package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.BriskApp;
import dev.brisk.auth.Access;
import dev.brisk.http.Reply;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route costs of {@code rate-limit-costs}: charged per request, and checked at startup. */
class RouteCostsTest {

  private static final BriskApp APP = (routes, ctx) -> routes
      .get("/things/:id", Access.open(), rc -> Future.succeededFuture(Reply.ok(new JsonObject())))
      .get("/things", Access.open(), rc -> Future.succeededFuture(Reply.ok(new JsonObject())));

  /** Anonymous callers get 10 tokens per hour, in per-instance buckets. */
  private static Map<String, String> settings(String costs) {
    return Map.of("rate-limits", "anonymous=10/h:10", "rate-limit-store", "local",
        "rate-limit-costs", costs);
  }

  @Test
  void a_route_of_cost_n_takes_n_tokens_and_one_of_cost_0_none() {
    try (TestBrisk app = TestBrisk.start(() -> APP, settings("GET /things/:id=4;GET /things=0"))) {
      assertThat(app.get("/things/1").getHeader("RateLimit")).isEqualTo("\"anonymous\";r=6;t=1440");
      assertThat(app.get("/things/2").getHeader("RateLimit")).startsWith("\"anonymous\";r=2;");
      assertThat(app.get("/things/3").statusCode()).isEqualTo(429);
      assertThat(app.get("/things").statusCode()).isEqualTo(200);
      assertThat(app.get("/things").getHeader("RateLimit")).isNull();
    }
  }

  @Test
  void a_cost_for_a_route_the_app_does_not_declare_stops_the_start() {
    assertThatThrownBy(() -> TestBrisk.start(() -> APP, settings("GET /thing/:id=4")))
        .hasMessageContaining("rate-limit-costs").hasMessageContaining("GET /thing/:id");
  }
}
