package dev.brisk.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@code Authorization: Bearer} tokens are verified. Off unless a key source is set: a
 * shared HMAC secret, PEM public keys, or a JWKS URL fetched in the background every
 * {@code jwksRefresh} (never on the request path).
 *
 * <p>{@code JwtOptions.disabled().withJwksUrl("https://idp.example/jwks.json")}
 *
 * @param secret HS256 shared secret, or null
 * @param publicKeys PEM public keys (SPKI, {@code -----BEGIN PUBLIC KEY-----}), or empty
 * @param algorithm algorithm of the PEM keys; default RS256
 * @param jwksUrl a JWKS document to fetch keys from, or null
 * @param jwksRefresh how often the JWKS document is fetched again; default 5 min
 * @param issuer required {@code iss}, or null for any
 * @param audience required {@code aud}, or null for any
 * @param tierClaim the claim naming the caller's tier; default {@code tier}
 */
public record JwtOptions(String secret, List<String> publicKeys, String algorithm,
    String jwksUrl, Duration jwksRefresh, String issuer, String audience, String tierClaim) {

  /** Validates every option. */
  public JwtOptions {
    publicKeys = List.copyOf(publicKeys);
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(jwksRefresh, "jwksRefresh");
    if (jwksRefresh.toMillis() < 1000) {
      throw new IllegalArgumentException("jwksRefresh must be >= 1 s, was " + jwksRefresh);
    }
    Objects.requireNonNull(tierClaim, "tierClaim");
    if (jwksUrl != null && !isHttpUrl(jwksUrl)) {
      throw new IllegalArgumentException("jwksUrl must be an http or https URL with a host, was '"
          + jwksUrl + "'");
    }
    if (secret != null && secret.length() < 32) {
      throw new IllegalArgumentException("jwt-secret must be at least 32 characters, was "
          + secret.length());
    }
  }

  /** No bearer tokens: every {@code Authorization: Bearer} is answered 401. */
  public static JwtOptions disabled() {
    return new JwtOptions(null, List.of(), "RS256", null, Duration.ofMinutes(5), null, null,
        "tier");
  }

  /** Whether any key source is configured. */
  public boolean isEnabled() {
    return secret != null || !publicKeys.isEmpty() || jwksUrl != null;
  }

  /** Returns a copy verifying HS256 tokens with {@code secret}. */
  public JwtOptions withSecret(String secret) {
    return new JwtOptions(secret, publicKeys, algorithm, jwksUrl, jwksRefresh, issuer, audience,
        tierClaim);
  }

  /** Returns a copy fetching keys from {@code jwksUrl}. */
  public JwtOptions withJwksUrl(String jwksUrl) {
    return new JwtOptions(secret, publicKeys, algorithm, jwksUrl, jwksRefresh, issuer, audience,
        tierClaim);
  }

  /** Returns a copy fetching the JWKS document every {@code jwksRefresh}. */
  public JwtOptions withJwksRefresh(Duration jwksRefresh) {
    return new JwtOptions(secret, publicKeys, algorithm, jwksUrl, jwksRefresh, issuer, audience,
        tierClaim);
  }

  /** Returns a copy requiring this issuer and audience (null: any). */
  public JwtOptions withIssuerAndAudience(String issuer, String audience) {
    return new JwtOptions(secret, publicKeys, algorithm, jwksUrl, jwksRefresh, issuer, audience,
        tierClaim);
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
