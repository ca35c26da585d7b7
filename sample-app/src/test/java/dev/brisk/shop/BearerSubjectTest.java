package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bearer token's {@code sub} names the shop user in one spelling: the owner checks compare it
 * as text, so {@code "01"} or {@code "+1"} must not pass as user 1 anywhere.
 */
class BearerSubjectTest {

  private static final String SECRET = "bearer-subject-test-secret-0123456789";

  @Test
  void a_subject_spelled_otherwise_than_its_user_id_owns_nothing() {
    try (TestBrisk app = TestBrisk.start(ShopApp::new, Map.of("jwt-secret", SECRET,
        "dataset", "small", "rate-limiting", "off"))) {
      JWTAuth issuer = JWTAuth.create(app.vertx(), new JWTAuthOptions().addPubSecKey(
          new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
      String canonical = token(issuer, "1");
      assertThat(app.get("/api/users/1", "Authorization", "Bearer " + canonical).statusCode())
          .isEqualTo(200);
      assertThat(orders(app, canonical)).isNotEmpty();

      for (String spelling : new String[] {"01", "+1"}) {
        String other = token(issuer, spelling);
        assertThat(app.get("/api/users/1", "Authorization", "Bearer " + other).statusCode())
            .as(spelling).isEqualTo(404);
        assertThat(orders(app, other)).as(spelling).isEmpty();
        HttpResponse<Buffer> placed = app.request(HttpMethod.POST, "/api/orders",
            new JsonObject().put("user_id", 1).put("items", new JsonArray().add(
                new JsonObject().put("product_id", 1).put("quantity", 1))),
            "Authorization", "Bearer " + other);
        assertThat(placed.statusCode()).as(spelling + " " + placed.bodyAsString())
            .isEqualTo(403);
      }
    }
  }

  private static String token(JWTAuth issuer, String subject) {
    return issuer.generateToken(new JsonObject().put("sub", subject).put("tier", "pro"),
        new JWTOptions().setExpiresInSeconds(60));
  }

  private static JsonArray orders(TestBrisk app, String token) {
    HttpResponse<Buffer> r = app.get("/api/orders?limit=5", "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("data");
  }
}
