package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Callers from bearer tokens (configured secret and JWKS), client IPs, and deny by default. */
class CallerIdentityTest {

  private static final String SECRET = "a-test-secret-of-at-least-32-characters";
  private static final String JWKS_SECRET = "another-secret-served-from-a-jwks-url!";

  private static final BriskApp APP = new App();

  /** {@code /me} for tier pro, {@code /ip} for anyone; API keys {@code free} and {@code pro}. */
  private static final class App implements BriskApp {
    @Override
    public ApiKeyStore apiKeys(BriskContext context) {
      Map<String, String> tiers = Map.of(ApiKey.hash("free"), "free", ApiKey.hash("pro"), "pro");
      return hash -> Future.succeededFuture(tiers.containsKey(hash)
          ? new ApiKey("k-" + tiers.get(hash), tiers.get(hash), tiers.get(hash)) : null);
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      routes.get("/me", Access.tier("pro"), rc -> Future.succeededFuture(Reply.ok(describe(rc))))
          .get("/ip", Access.open(), rc -> Future.succeededFuture(Reply.ok(describe(rc))));
    }
  }

  private static JsonObject describe(io.vertx.ext.web.RoutingContext rc) {
    Caller c = Caller.of(rc);
    return new JsonObject().put("key_id", c.keyId()).put("user_id", c.userId())
        .put("tier", c.tier().name()).put("ip", c.clientIp());
  }

  @Test
  void bearer_tokens_map_subject_and_tier_and_bad_ones_are_invalid_token() {
    try (TestBrisk app = TestBrisk.start(() -> APP, Map.of("jwt-secret", SECRET))) {
      JWTAuth issuer = issuer(app.vertx(), SECRET, null);
      String pro = issuer.generateToken(new JsonObject().put("sub", "alice").put("tier", "pro"),
          new JWTOptions().setExpiresInSeconds(60));
      JsonObject me = app.get("/me", "Authorization", "Bearer " + pro).bodyAsJsonObject();
      assertThat(me.getString("user_id")).isEqualTo("alice");
      assertThat(me.getString("tier")).isEqualTo("pro");
      assertThat(app.get("/me", "Authorization", "Bearer " + pro).statusCode()).isEqualTo(200);

      String free = issuer.generateToken(new JsonObject().put("sub", "bob").put("tier", "free"),
          new JWTOptions().setExpiresInSeconds(60));
      assertThat(app.get("/me", "Authorization", "Bearer " + free).statusCode()).isEqualTo(403);

      long past = System.currentTimeMillis() / 1000 - 3600;
      String expired = issuer.generateToken(new JsonObject().put("sub", "alice")
          .put("tier", "pro").put("exp", past).put("iat", past - 60));
      assertInvalidToken(app.get("/me", "Authorization", "Bearer " + expired));
      String forged = issuer(app.vertx(), JWKS_SECRET, null).generateToken(
          new JsonObject().put("sub", "alice").put("tier", "internal"),
          new JWTOptions().setExpiresInSeconds(60));
      assertInvalidToken(app.get("/me", "Authorization", "Bearer " + forged));
      HttpResponse<Buffer> anonymous = app.get("/me");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.getHeader("WWW-Authenticate"))
          .isEqualTo("ApiKey header=\"X-API-Key\", Bearer");
      assertThat(anonymous.bodyAsJsonObject().getString("detail")).contains("bearer token");
    }
  }

  @Test
  void without_bearer_tokens_configured_401s_offer_api_keys_only() {
    try (TestBrisk app = TestBrisk.start(() -> APP)) {
      HttpResponse<Buffer> anonymous = app.get("/me");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.bodyAsJsonObject().getString("type")).endsWith("/unauthenticated");
      assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("ApiKey header=\"X-API-Key\"");
      assertThat(anonymous.bodyAsJsonObject().getString("detail")).contains("X-API-Key")
          .doesNotContainIgnoringCase("bearer");

      HttpResponse<Buffer> bearer = app.get("/ip", "Authorization", "Bearer a.b.c");
      assertThat(bearer.statusCode()).isEqualTo(401);
      assertThat(bearer.getHeader("WWW-Authenticate")).isEqualTo("ApiKey header=\"X-API-Key\"");
      assertThat(bearer.bodyAsJsonObject().getString("detail"))
          .contains("Bearer tokens are not accepted").contains("X-API-Key");
    }
  }

  @Test
  void a_failed_first_jwks_fetch_is_a_503_until_a_retry_soon_after_installs_the_keys() {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger fetches = new AtomicInteger();
      HttpServer server = TestBrisk.await(vertx.createHttpServer()
          .requestHandler(req -> {
            if (fetches.incrementAndGet() == 1) {
              req.response().setStatusCode(502).end();
            } else {
              req.response().putHeader("Content-Type", "application/json")
                  .end(jwks("k1").encode());
            }
          })
          .listen(0, "127.0.0.1"));
      String url = "http://127.0.0.1:" + server.actualPort() + "/jwks.json";
      // The periodic refresh is an hour away: only the retry after a failed fetch installs keys.
      try (TestBrisk app = TestBrisk.start(() -> APP,
          Map.of("jwt-jwks-url", url, "jwt-jwks-refresh", "1h"))) {
        String token = issuer(app.vertx(), JWKS_SECRET, "k1").generateToken(
            new JsonObject().put("sub", "carol").put("tier", "internal"),
            new JWTOptions().setExpiresInSeconds(60).setHeader(new JsonObject().put("kid", "k1")));
        HttpResponse<Buffer> early = app.get("/me", "Authorization", "Bearer " + token);
        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(early.getHeader("Retry-After")).isEqualTo("5");
        assertThat(early.bodyAsJsonObject().getString("detail")).contains("signing keys");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int status = early.statusCode();
        while (status != 200 && System.nanoTime() < deadline) {
          TestBrisk.await(app.vertx().timer(200));
          status = app.get("/me", "Authorization", "Bearer " + token).statusCode();
        }
        assertThat(status).isEqualTo(200);
        assertThat(fetches.get()).isEqualTo(2);
      }
    } finally {
      TestBrisk.await(vertx.close());
    }
  }

  @Test
  void tokens_that_never_expire_or_carry_claims_or_headers_not_understood_are_invalid() {
    try (TestBrisk app = TestBrisk.start(() -> APP, Map.of("jwt-secret", SECRET))) {
      JWTAuth issuer = issuer(app.vertx(), SECRET, null);
      JsonObject pro = new JsonObject().put("sub", "alice").put("tier", "pro");
      // Without exp a leaked token would work for as long as the secret does.
      assertInvalidToken(app.get("/me", "Authorization", "Bearer " + issuer.generateToken(pro)));
      // A non-numeric exp made the verifier throw: a 500 with its stack in the log.
      assertInvalidToken(app.get("/me", "Authorization", "Bearer " + issuer.generateToken(
          pro.copy().put("exp", "tomorrow"))));
      // RFC 7515 4.1.11: a critical header extension not understood invalidates the token.
      assertInvalidToken(app.get("/me", "Authorization", "Bearer " + issuer.generateToken(pro,
          new JWTOptions().setExpiresInSeconds(60).setHeader(new JsonObject()
              .put("crit", new JsonArray().add("x-must-understand"))
              .put("x-must-understand", true)))));
      assertThat(app.get("/me", "Authorization", "Bearer " + issuer.generateToken(pro,
          new JWTOptions().setExpiresInSeconds(60))).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_cached_token_stops_working_when_it_expires() throws InterruptedException {
    try (TestBrisk app = TestBrisk.start(() -> APP, Map.of("jwt-secret", SECRET))) {
      // Expired 2 s ago: still within the verifier's 5 s leeway (with 3 s to spare for a slow
      // first request), so accepted once, and then past it; the verified-token cache must not
      // keep it (it kept tokens --key-cache-ttl).
      long exp = System.currentTimeMillis() / 1000 - 2;
      String token = issuer(app.vertx(), SECRET, null).generateToken(new JsonObject()
          .put("sub", "alice").put("tier", "pro").put("exp", exp).put("iat", exp - 60));
      assertThat(app.get("/me", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
      Thread.sleep(Math.max(0, (exp + 6) * 1000 - System.currentTimeMillis()));
      assertInvalidToken(app.get("/me", "Authorization", "Bearer " + token));
    }
  }

  @Test
  void jwks_keys_are_fetched_from_the_configured_url() {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = TestBrisk.await(vertx.createHttpServer()
          .requestHandler(req -> req.response().putHeader("Content-Type", "application/json")
              .end(jwks("k1").encode()))
          .listen(0, "127.0.0.1"));
      String url = "http://127.0.0.1:" + server.actualPort() + "/jwks.json";
      try (TestBrisk app = TestBrisk.start(() -> APP, Map.of("jwt-jwks-url", url))) {
        String token = issuer(app.vertx(), JWKS_SECRET, "k1").generateToken(
            new JsonObject().put("sub", "carol").put("tier", "internal"),
            new JWTOptions().setExpiresInSeconds(60).setHeader(new JsonObject().put("kid", "k1")));
        JsonObject me = app.get("/me", "Authorization", "Bearer " + token).bodyAsJsonObject();
        assertThat(me.getString("user_id")).isEqualTo("carol");
        assertThat(me.getString("tier")).isEqualTo("internal");
      }
    } finally {
      TestBrisk.await(vertx.close());
    }
  }

  @Test
  void liveness_reads_no_credentials_so_it_never_waits_on_a_key_lookup() {
    try (TestBrisk app = TestBrisk.start(() -> APP, Map.of("jwt-secret", SECRET))) {
      HttpResponse<Buffer> unknown = app.get("/ip", "X-API-Key", "no-such-key");
      assertThat(unknown.statusCode()).isEqualTo(401);
      // A refusal of the caller depends on its credentials: private, varying on them.
      assertThat(unknown.getHeader("Cache-Control")).isEqualTo("private, no-store");
      assertThat(unknown.getHeader("Vary")).contains("X-API-Key").contains("Authorization");
      assertInvalidToken(app.get("/ip", "Authorization", "Bearer not.a.token"));

      assertThat(app.get("/health/live", "X-API-Key", "no-such-key").statusCode())
          .isEqualTo(200);
      assertThat(app.get("/health/live", "Authorization", "Bearer not.a.token").statusCode())
          .isEqualTo(200);
      // Readiness still resolves its caller: its details are for the highest tier only.
      assertThat(app.get("/health/ready", "X-API-Key", "no-such-key").statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void forwarded_for_counts_only_from_trusted_proxies() {
    try (TestBrisk app = TestBrisk.start(() -> APP)) {
      assertThat(app.get("/ip", "X-Forwarded-For", "203.0.113.7").bodyAsJsonObject()
          .getString("ip")).isEqualTo("127.0.0.1");
    }
    try (TestBrisk app = TestBrisk.start(() -> APP, Map.of("trusted-proxies", "127.0.0.0/8"))) {
      assertThat(app.get("/ip", "X-Forwarded-For", "198.51.100.1, 203.0.113.7")
          .bodyAsJsonObject().getString("ip")).isEqualTo("203.0.113.7");
    }
  }

  @Test
  void anonymous_ipv6_clients_are_limited_per_64_bit_prefix() {
    try (TestBrisk app = TestBrisk.start(() -> APP, Map.of("trusted-proxies", "127.0.0.0/8",
        "rate-limits", "anonymous=1/h:2", "rate-limit-store", "local"))) {
      // One subscriber's /64 holds 2^64 addresses: one bucket per address would be none at all.
      for (String ip : new String[] {"2001:db8:1:2::1", "2001:db8:1:2:ffff::9"}) {
        assertThat(app.get("/ip", "X-Forwarded-For", ip).statusCode()).as(ip).isEqualTo(200);
      }
      assertThat(app.get("/ip", "X-Forwarded-For", "2001:db8:1:2:aaaa:bbbb:cccc:dddd")
          .statusCode()).isEqualTo(429);
      assertThat(app.get("/ip", "X-Forwarded-For", "2001:db8:1:3::1").statusCode())
          .isEqualTo(200);
      // An IPv4 address is one client, whether written as IPv4 or IPv4-mapped IPv6.
      assertThat(app.get("/ip", "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(200);
      assertThat(app.get("/ip", "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(200);
      assertThat(app.get("/ip", "X-Forwarded-For", "::ffff:198.51.100.7").statusCode())
          .isEqualTo(429);
    }
  }

  @Test
  void a_request_with_two_credentials_of_one_kind_is_refused() {
    try (TestBrisk app = TestBrisk.start(() -> APP)) {
      assertThat(app.get("/me", "X-API-Key", "pro").statusCode()).isEqualTo(200);
      // A proxy, cache or rate limiter in front may read the other line than Brisk does.
      for (String[] keys : new String[][] {{"free", "pro"}, {"pro", "free"}}) {
        HttpResponse<Buffer> r = app.get("/me", "X-API-Key", keys[0], "X-API-Key", keys[1]);
        assertThat(r.statusCode()).as(String.join(", ", keys)).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("X-API-Key");
      }
      assertThat(app.get("/ip", "Authorization", "Bearer a", "Authorization", "Bearer b")
          .statusCode()).isEqualTo(400);
    }
  }

  @Test
  void a_proxy_that_appends_its_own_forwarded_for_line_names_the_client() {
    try (TestBrisk app = TestBrisk.start(() -> APP, Map.of("trusted-proxies", "127.0.0.0/8"))) {
      // HAProxy's option forwardfor adds a line after the one the client sent: the client picks
      // the first line, the proxy writes the last.
      assertThat(app.get("/ip", "X-Forwarded-For", "198.51.100.1",
          "X-Forwarded-For", "203.0.113.7").bodyAsJsonObject().getString("ip"))
          .isEqualTo("203.0.113.7");
      assertThat(app.get("/ip", "X-Forwarded-For", "198.51.100.1, 198.51.100.2",
          "X-Forwarded-For", "127.0.0.9").bodyAsJsonObject().getString("ip"))
          .isEqualTo("198.51.100.2");
    }
  }

  @Test
  void an_app_with_a_route_that_declares_no_access_does_not_start() {
    BriskApp sneaky = (routes, ctx) -> routes.router().get("/sneaky")
        .handler(rc -> rc.response().end());
    assertThatThrownBy(() -> TestBrisk.start(() -> sneaky))
        .hasMessageContaining("/sneaky").hasMessageContaining("declares no access");
    BriskApp gold = (routes, ctx) -> routes.get("/gold", Access.tier("gold"),
        rc -> Future.succeededFuture(Reply.ok(new JsonObject())));
    assertThatThrownBy(() -> TestBrisk.start(() -> gold))
        .hasMessageContaining("/gold").hasMessageContaining("gold");
  }

  /** A JWKS document holding {@link #JWKS_SECRET} as key {@code kid}. */
  private static JsonObject jwks(String kid) {
    String k = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(JWKS_SECRET.getBytes(StandardCharsets.UTF_8));
    return new JsonObject().put("keys", new JsonArray().add(new JsonObject()
        .put("kty", "oct").put("kid", kid).put("alg", "HS256").put("use", "sig").put("k", k)));
  }

  private static void assertInvalidToken(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  private static JWTAuth issuer(Vertx vertx, String secret, String kid) {
    PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret);
    if (kid != null) {
      key.setId(kid);
    }
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key));
  }
}
