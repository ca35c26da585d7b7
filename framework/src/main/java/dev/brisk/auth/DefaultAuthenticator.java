package dev.brisk.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/** API key first, then bearer token, else anonymous; see {@link Authenticator}. */
final class DefaultAuthenticator implements Authenticator {

  static final String API_KEY = "X-API-Key";
  private static final String BEARER = "bearer ";
  private static final String AUTHORIZATION = "Authorization";
  private static final String FORWARDED_FOR = "X-Forwarded-For";

  private final AuthOptions options;
  private final LookupLimit lookups;
  private final KeyLookup keys;
  private final BearerTokens tokens;
  private final AuthMeters meters;

  DefaultAuthenticator(Vertx vertx, ApiKeyStore store, AuthOptions options,
      MeterRegistry registry, LookupLimit lookups) {
    this.options = options;
    this.lookups = lookups;
    this.keys = new KeyLookup(store, options, registry);
    this.tokens = new BearerTokens(vertx, options, registry);
    this.meters = new AuthMeters(registry);
  }

  @Override
  public Future<Void> start() {
    return tokens.start();
  }

  @Override
  public void close() {
    tokens.close();
  }

  @Override
  public Tiers tiers() {
    return options.tiers();
  }

  @Override
  public boolean acceptsBearerTokens() {
    return options.jwt().isEnabled();
  }

  @Override
  public Future<Caller> authenticate(HttpServerRequest request) {
    String ip = clientIp(request);
    String key = request.getHeader(API_KEY);
    if (key != null) {
      if (request.headers().getAll(API_KEY).size() > 1) {
        return Future.failedFuture(Denials.ambiguous(API_KEY));
      }
      return keys.find(ApiKey.hash(key), () -> lookups.admit(anonymous(ip)))
          .compose(found -> apiKeyCaller(found, ip));
    }
    String authorization = request.getHeader(AUTHORIZATION);
    if (authorization != null && request.headers().getAll(AUTHORIZATION).size() > 1) {
      return Future.failedFuture(Denials.ambiguous(AUTHORIZATION));
    }
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0,
        BEARER.length())) {
      return tokens.verify(authorization.substring(BEARER.length()).trim(),
              () -> lookups.admit(anonymous(ip)))
          .onSuccess(id -> meters.bearer.increment())
          .onFailure(e -> meters.invalidToken.increment())
          .map(id -> id.at(ip));
    }
    meters.anonymous.increment();
    return Future.succeededFuture(anonymous(ip));
  }

  @Override
  public Caller anonymous(HttpServerRequest request) {
    return anonymous(clientIp(request));
  }

  private Caller anonymous(String ip) {
    return Caller.anonymous(options.tiers().anonymous(), ip);
  }

  private Future<Caller> apiKeyCaller(ApiKey found, String ip) {
    Tiers tiers = options.tiers();
    if (found == null || !tiers.contains(found.tier())
        || tiers.named(found.tier()).equals(tiers.anonymous())) {
      meters.unknownKey.increment();
      return Future.failedFuture(Denials.unknownKey());
    }
    meters.apiKey.increment();
    return Future.succeededFuture(new Caller(found.id(), found.userId(),
        tiers.named(found.tier()), ip));
  }

  private String clientIp(HttpServerRequest request) {
    // The connection's own address: the router's request wrapper would parse Forwarded headers
    // first, which trusted proxies already cover below.
    HttpConnection connection = request.connection();
    SocketAddress peer = connection != null ? connection.remoteAddress() : request.remoteAddress();
    // host(): the literal address of an accepted socket, kept by the connection; hostAddress()
    // formats it again for every request.
    String address = peer == null ? null : peer.host() != null ? peer.host() : peer.hostAddress();
    TrustedProxies proxies = options.trustedProxies();
    return proxies.clientIp(address == null ? "unknown" : address,
        proxies.isEmpty() ? null : forwardedFor(request));
  }

  /**
   * Every {@code X-Forwarded-For} field line, joined in order: a proxy may append a line of its
   * own rather than extend the client's (HAProxy's {@code option forwardfor} does), and the lines
   * are one list (RFC 9110 section 5.3) whose first line the client wrote.
   */
  private static String forwardedFor(HttpServerRequest request) {
    List<String> lines = request.headers().getAll(FORWARDED_FOR);
    return lines.isEmpty() ? null : lines.size() == 1 ? lines.get(0) : String.join(", ", lines);
  }
}
