package dev.brisk.throttle;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.auth.Access;
import dev.brisk.http.Reply;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shared rate limits are ready before an instance takes its first request: a cold instance's
 * first Redis decision (NOSCRIPT, then EVAL) outlasted the 100 ms Redis timeout on a busy
 * machine and opened the breaker with a warning, with no outage behind it.
 */
class SharedLimitsStartTest {

  private static final BriskApp APP = (routes, ctx) -> routes
      .get("/things", Access.open(), rc -> Future.succeededFuture(Reply.ok(new JsonObject())));

  @Test
  void the_rate_limit_script_is_in_redis_before_the_first_request() throws Exception {
    String sha;
    try (InputStream script = RateLimiter.class.getResourceAsStream("gcra.lua")) {
      sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(new String(script.readAllBytes(), StandardCharsets.UTF_8)
              .getBytes(StandardCharsets.UTF_8)));
    }
    try (TestBrisk first = TestBrisk.start(() -> APP, Map.of("rate-limit-store", "local"))) {
      RedisAPI redis = first.running().context().redisApi();
      // As after a Redis restart: no script cached.
      await(redis.script(List.of("FLUSH")));
      assertThat(exists(redis, sha)).isFalse();
      try (TestBrisk shared = TestBrisk.start(() -> APP,
          Map.of("rate-limits", "anonymous=10/h:10", "rate-limit-store", "redis"))) {
        assertThat(exists(redis, sha)).as("loaded by the start").isTrue();
        assertThat(shared.get("/things").getHeader("RateLimit")).startsWith("\"anonymous\";r=");
        assertThat(shared.running().context().registry().get("brisk.ratelimit.fallback")
            .gauge().value()).as("decided in Redis").isZero();
      }
    }
  }

  private static boolean exists(RedisAPI redis, String sha) {
    return await(redis.script(List.of("EXISTS", sha))).get(0).toInteger() == 1;
  }
}
