package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.test.LogCapture;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API keys and bearer tokens never reach logs: with the access log on, every request (accepted,
 * refused, failed with a 500) is sent with a known key or token while the process's log output
 * (SLF4J on stderr and stdout, java.util.logging) is captured, and none of it holds them.
 */
class CredentialsNotLoggedTest {

  private static final String SECRET = "a-test-secret-of-at-least-32-characters";
  private static final String KEY = "plain-key-7c1e5a0b93d2";
  private static final String UNKNOWN_KEY = "unknown-key-5f2d81c0aa97";

  /** A store that knows {@link #KEY} by its hash only. */
  private static final class App implements BriskApp {
    @Override
    public ApiKeyStore apiKeys(BriskContext context) {
      String known = ApiKey.hash(KEY);
      return hash -> Future.succeededFuture(hash.equals(known)
          ? new ApiKey("k1", "7", "pro") : null);
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      routes.get("/me", Access.tier("pro"), rc -> Future.succeededFuture(
              Reply.ok(new JsonObject().put("user", Caller.of(rc).userId()))))
          .get("/boom", Access.authenticated(), rc -> Future.failedFuture(
              new IllegalStateException("store broke")));
    }
  }

  @Test
  void keys_and_tokens_are_absent_from_every_log_line() {
    LogCapture capture = null;
    String token;
    String forged;
    try (TestBrisk app = TestBrisk.start(App::new, Map.of("jwt-secret", SECRET,
        "access-log", "json"))) {
      token = issuer(app).generateToken(new JsonObject().put("sub", "alice")
          .put("tier", "pro"), new JWTOptions().setExpiresInSeconds(60));
      forged = token.substring(0, token.length() - 4) + "AAAA";
      capture = LogCapture.start();
      assertThat(app.get("/me", "X-API-Key", KEY).statusCode()).isEqualTo(200);
      assertThat(app.get("/me", "X-API-Key", UNKNOWN_KEY).statusCode()).isEqualTo(401);
      assertThat(app.get("/boom", "X-API-Key", KEY).statusCode()).isEqualTo(500);
      assertThat(app.get("/me", "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(200);
      assertThat(app.get("/me", "Authorization", "Bearer " + forged).statusCode())
          .isEqualTo(401);
      assertThat(app.get("/boom", "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(500);
      LogCapture logged = capture;
      TestBrisk.eventually("access lines for all six requests",
          () -> logged.text().split("\"request_id\"", -1).length > 6);
    } finally {
      if (capture != null) {
        capture.close();
      }
    }
    String logs = capture.text();
    assertThat(logs).contains("Unexpected failure on GET /boom", "\"status\":401");
    assertThat(logs).doesNotContain(KEY).doesNotContain(UNKNOWN_KEY)
        .doesNotContain(ApiKey.hash(KEY)).doesNotContain(SECRET);
    for (String jwt : new String[] {token, forged}) {
      // Neither the token nor its signature segment may appear anywhere.
      assertThat(logs).doesNotContain(jwt).doesNotContain(jwt.substring(jwt.lastIndexOf('.')));
    }
  }

  private static JWTAuth issuer(TestBrisk app) {
    return JWTAuth.create(app.vertx(), new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
  }
}
