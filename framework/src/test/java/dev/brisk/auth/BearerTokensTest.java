package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private BearerTokens tokens(String pem, String algorithm) {
    JwtOptions jwt = new JwtOptions(null, List.of(pem), algorithm, null, Duration.ofMinutes(5),
        null, null, "tier");
    return new BearerTokens(vertx, AuthOptions.defaults().withJwt(jwt), new SimpleMeterRegistry());
  }

  @Test
  void an_unusable_public_key_or_algorithm_names_both_settings() throws Exception {
    // The start said only "Unknown algorithm: RS257" or "PEM contains not enough lines".
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
        KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----";
    assertThatThrownBy(() -> tokens(pem, "RS257"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jwt-public-key cannot be used with jwt-algorithm RS257: Unknown algorithm: "
            + "RS257");
    assertThatThrownBy(() -> tokens("not a key", "RS256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jwt-public-key cannot be used with jwt-algorithm RS256: ");
  }
}
