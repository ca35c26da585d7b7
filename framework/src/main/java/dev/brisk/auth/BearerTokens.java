package dev.brisk.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies {@code Authorization: Bearer} JWTs with vertx-auth-jwt and maps their claims to a
 * caller ({@code sub} to the user, the tier claim to the tier). Verified tokens are cached until
 * they expire, keyed by their hash. JWKS keys are fetched in the background and swapped in
 * whole; a change of keys empties the cache, so a removed key stops working at once.
 * Thread-safe.
 */
final class BearerTokens {

  private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);

  private final Vertx vertx;
  private final JwtOptions options;
  private final Tiers tiers;
  private final Duration defaultTtl;
  private final Cache<String, Verified> verified;
  private volatile JWTAuth provider;
  private volatile List<Object> jwks = List.of();
  private WebClient client;
  private long refreshTimer = -1;

  BearerTokens(Vertx vertx, AuthOptions options, MeterRegistry registry) {
    this.vertx = vertx;
    this.options = options.jwt();
    this.tiers = options.tiers();
    this.defaultTtl = options.keyCacheTtl();
    this.verified = Caffeine.newBuilder().maximumSize(options.keyCacheSize())
        .expireAfter(Expiry.<String, Verified>creating((k, v) -> v.ttl()))
        .executor(Runnable::run).recordStats().build();
    CaffeineCacheMetrics.monitor(registry, verified, "brisk.auth.tokens");
    if (this.options.secret() != null || !this.options.publicKeys().isEmpty()) {
      provider = JWTAuth.create(vertx, staticKeys());
    }
  }

  Future<Void> start() {
    if (options.jwksUrl() == null) {
      return Future.succeededFuture();
    }
    client = WebClient.create(vertx);
    refreshTimer = vertx.setPeriodic(options.jwksRefresh().toMillis(), id -> refresh());
    return refresh();
  }

  void close() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
      client.close();
    }
  }

  /** The verified identity of {@code token}, or a failed future with a 401 problem. */
  Future<Identity> verify(String token) {
    String hash = ApiKey.hash(token);
    Verified cached = verified.getIfPresent(hash);
    if (cached != null) {
      return Future.succeededFuture(cached.identity());
    }
    JWTAuth current = provider;
    if (current == null) {
      return Future.failedFuture(Denials.invalidToken("Bearer tokens are not accepted"));
    }
    return current.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(Denials.invalidToken(
            "The bearer token is expired, malformed or badly signed")))
        .compose(user -> identity(user.principal())
            .onSuccess(id -> verified.put(hash, new Verified(id, ttl(user)))));
  }

  private Future<Identity> identity(JsonObject claims) {
    String subject = claims.getString("sub");
    Object tierClaim = claims.getValue(options.tierClaim());
    String tierName = tierClaim == null ? tiers.names().get(1) : tierClaim.toString();
    if (subject == null || subject.isEmpty() || !tiers.contains(tierName)
        || tiers.named(tierName).equals(tiers.anonymous())) {
      return Future.failedFuture(Denials.invalidToken(
          "The bearer token needs a subject and a known tier"));
    }
    return Future.succeededFuture(new Identity("jwt:" + subject, subject, tiers.named(tierName)));
  }

  /**
   * How long a verified token stays cached: until it expires, or the key cache's TTL for a token
   * without {@code exp}. vertx-auth-jwt keeps {@code exp} among the user's attributes, not in its
   * principal.
   */
  private Duration ttl(User user) {
    Object exp = user.attributes().getValue("exp");
    if (!(exp instanceof Number n)) {
      return defaultTtl;
    }
    long left = Math.min(n.longValue(), Long.MAX_VALUE / 1000) * 1000
        - System.currentTimeMillis();
    return Duration.ofMillis(Math.max(0, left));
  }

  private Future<Void> refresh() {
    return client.getAbs(options.jwksUrl()).timeout(10_000).send()
        .compose(resp -> resp.statusCode() == 200
            ? Future.succeededFuture(resp.bodyAsJsonObject().getJsonArray("keys"))
            : Future.failedFuture("HTTP " + resp.statusCode()))
        .onSuccess(this::install)
        .onFailure(e -> LOG.warn("JWKS fetch from {} failed: {}", options.jwksUrl(),
            e.getMessage()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void install(JsonArray keys) {
    if (keys == null || keys.getList().equals(jwks)) {
      return;
    }
    JWTAuthOptions auth = staticKeys();
    keys.forEach(k -> auth.addJwk((JsonObject) k));
    provider = JWTAuth.create(vertx, auth);
    jwks = keys.getList();
    verified.invalidateAll();
    LOG.info("Installed {} JWKS keys from {}", keys.size(), options.jwksUrl());
  }

  private JWTAuthOptions staticKeys() {
    JWTOptions jwt = new JWTOptions().setLeeway(5);
    if (options.issuer() != null) {
      jwt.setIssuer(options.issuer());
    }
    if (options.audience() != null) {
      jwt.setAudience(List.of(options.audience()));
    }
    JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(jwt);
    if (options.secret() != null) {
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
          .setBuffer(options.secret()));
    }
    for (String pem : options.publicKeys()) {
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm(options.algorithm()).setBuffer(pem));
    }
    return auth;
  }

  private record Verified(Identity identity, Duration ttl) {
  }
}
