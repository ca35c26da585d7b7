package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
    Capture capture = new Capture();
    String token;
    String forged;
    try (TestBrisk app = TestBrisk.start(App::new, Map.of("jwt-secret", SECRET,
        "access-log", "json"))) {
      token = issuer(app).generateToken(new JsonObject().put("sub", "alice")
          .put("tier", "pro"), new JWTOptions().setExpiresInSeconds(60));
      forged = token.substring(0, token.length() - 4) + "AAAA";
      capture.start();
      assertThat(app.get("/me", "X-API-Key", KEY).statusCode()).isEqualTo(200);
      assertThat(app.get("/me", "X-API-Key", UNKNOWN_KEY).statusCode()).isEqualTo(401);
      assertThat(app.get("/boom", "X-API-Key", KEY).statusCode()).isEqualTo(500);
      assertThat(app.get("/me", "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(200);
      assertThat(app.get("/me", "Authorization", "Bearer " + forged).statusCode())
          .isEqualTo(401);
      assertThat(app.get("/boom", "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(500);
      TestBrisk.eventually("access lines for all six requests",
          () -> capture.text().split("\"request_id\"", -1).length > 6);
    } finally {
      capture.stop();
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

  /** Tees stdout, stderr and java.util.logging into one buffer while started. */
  private static final class Capture {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final Handler jul = new Handler() {
      @Override
      public void publish(LogRecord r) {
        synchronized (bytes) {
          bytes.writeBytes((r.getMessage() + " " + r.getThrown() + "\n")
              .getBytes(StandardCharsets.UTF_8));
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };

    void start() {
      System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
      Logger.getLogger("").addHandler(jul);
    }

    void stop() {
      System.setOut(out);
      System.setErr(err);
      Logger.getLogger("").removeHandler(jul);
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    private final class Tee extends java.io.OutputStream {
      private final PrintStream through;

      Tee(PrintStream through) {
        this.through = through;
      }

      @Override
      public void write(int b) {
        through.write(b);
        synchronized (bytes) {
          bytes.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        through.write(b, off, len);
        synchronized (bytes) {
          bytes.write(b, off, len);
        }
      }
    }
  }
}
