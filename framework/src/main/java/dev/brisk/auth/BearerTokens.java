package dev.brisk.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
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
  /** How soon a failed fetch is tried again while no signing key is installed. */
  static final Duration KEY_RETRY = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final JwtOptions options;
  private final Tiers tiers;
  private final Cache<String, Verified> verified;
  private volatile JWTAuth provider;
  private volatile List<Object> jwks = List.of();
  private WebClient client;
  private long refreshTimer = -1;
  private long retryTimer = -1;

  BearerTokens(Vertx vertx, AuthOptions options, MeterRegistry registry) {
    this.vertx = vertx;
    this.options = options.jwt();
    this.tiers = options.tiers();
    this.verified = Caffeine.newBuilder().maximumSize(options.keyCacheSize())
        .expireAfter(Expiry.<String, Verified>creating((k, v) -> v.ttl()))
        .executor(Runnable::run).recordStats().build();
    CaffeineCacheMetrics.monitor(registry, verified, "brisk.auth.tokens");
    if (this.options.secret() != null || !this.options.publicKeys().isEmpty()) {
      try {
        provider = JWTAuth.create(vertx, staticKeys());
      } catch (RuntimeException e) {
        // Vert.x's reason alone ("Unknown algorithm: x", "PEM contains not enough lines") names
        // neither setting; the key itself is public, but its text is not repeated.
        throw new IllegalArgumentException("jwt-public-key cannot be used with jwt-algorithm "
            + this.options.algorithm() + ": " + e.getMessage(), e);
      }
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
      vertx.cancelTimer(retryTimer);
      client.close();
      client = null;
    }
  }

  /**
   * The verified identity of {@code token}, or a failed future with a 401 problem; a token not
   * cached is verified once {@code admit} completes (its failure is this verification's).
   */
  Future<Identity> verify(String token, Supplier<Future<Void>> admit) {
    String hash = ApiKey.hash(token);
    Verified cached = verified.getIfPresent(hash);
    if (cached != null) {
      return Future.succeededFuture(cached.identity());
    }
    JWTAuth current = provider;
    if (current == null) {
      return Future.failedFuture(options.isEnabled() ? Denials.keysNotLoaded(KEY_RETRY)
          : Denials.bearerNotAccepted());
    }
    if (hasCriticalHeader(token)) {
      // RFC 7515 section 4.1.11: extensions listed in crit must be understood; none are here.
      return Future.failedFuture(Denials.invalidToken(
          "The bearer token names critical header extensions this server does not understand"));
    }
    return admit.get().compose(admitted -> authenticate(current, token)
        .recover(e -> Future.failedFuture(Denials.invalidToken(
            "The bearer token is expired, malformed or badly signed")))
        .compose(u -> identity(u.principal(), u.attributes().getValue("exp"))
            .onSuccess(id -> verified.put(hash, new Verified(id, ttl(u))))));
  }

  private static Future<User> authenticate(JWTAuth provider, String token) {
    try {
      return provider.authenticate(new TokenCredentials(token));
    } catch (RuntimeException badClaim) {
      // vertx-auth-jwt throws, rather than fails, on a claim of the wrong type ("exp": "x").
      return Future.failedFuture(badClaim);
    }
  }

  /** Whether the token's header has a {@code crit} member; false when it is not readable. */
  private static boolean hasCriticalHeader(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      byte[] header = Base64.getUrlDecoder().decode(token.substring(0, dot));
      return new JsonObject(Buffer.buffer(header)).containsKey("crit");
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  /** The caller the verified {@code claims} name; {@code exp} is the token's expiry claim. */
  private Future<Identity> identity(JsonObject claims, Object exp) {
    if (!(exp instanceof Number)) {
      // A token without an expiry would work for as long as its signing key does.
      return Future.failedFuture(Denials.invalidToken("The bearer token needs an expiry (exp)"));
    }
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
   * How long a verified token stays cached: until it expires. vertx-auth-jwt keeps {@code exp}
   * among the user's attributes, not in its principal.
   */
  private static Duration ttl(User user) {
    long exp = ((Number) user.attributes().getValue("exp")).longValue();
    long left = Math.min(exp, Long.MAX_VALUE / 1000) * 1000 - System.currentTimeMillis();
    return Duration.ofMillis(Math.max(0, left));
  }

  private Future<Void> refresh() {
    return client.getAbs(options.jwksUrl()).timeout(10_000).send()
        .compose(resp -> resp.statusCode() == 200
            ? Future.succeededFuture(resp.bodyAsJsonObject().getJsonArray("keys"))
            : Future.failedFuture("HTTP " + resp.statusCode()))
        .onSuccess(this::install)
        .onFailure(e -> {
          LOG.warn("JWKS fetch from {} failed: {}", options.jwksUrl(), e.getMessage());
          if (provider == null) {
            retrySoon();
          }
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /**
   * Without any key tokens are refused with a 503, so a failed first fetch is tried again after
   * {@link #KEY_RETRY} rather than at the next refresh.
   */
  private void retrySoon() {
    if (retryTimer < 0 && client != null) {
      retryTimer = vertx.setTimer(Math.min(KEY_RETRY.toMillis(), options.jwksRefresh().toMillis()),
          id -> {
            retryTimer = -1;
            refresh();
          });
    }
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
