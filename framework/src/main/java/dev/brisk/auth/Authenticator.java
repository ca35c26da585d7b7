package dev.brisk.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Resolves the {@link Caller} of a request from {@code X-API-Key} (looked up by hash in an
 * {@link ApiKeyStore}, cached) or {@code Authorization: Bearer <JWT>}, and the client IP. An
 * unknown key or an invalid token fails with a 401 problem; no credential is the anonymous
 * caller. Keys and tokens are never logged. One authenticator serves every event loop.
 *
 * <p>{@code Authenticator.create(vertx, ApiKeyStore.sql(db, "api_keys"), options, registry)}
 *
 * <p>Thread-safe; {@link #authenticate} runs on the request's context and never blocks.
 */
public interface Authenticator {

  /**
   * An authenticator over {@code keys}, recording {@code brisk.auth.*} meters in registry, that
   * admits every store query and signature check (tests, tools).
   */
  static Authenticator create(Vertx vertx, ApiKeyStore keys, AuthOptions options,
      MeterRegistry registry) {
    return create(vertx, keys, options, registry, LookupLimit.none());
  }

  /**
   * An authenticator over {@code keys} whose store queries and signature checks (credentials
   * not cached yet) {@code lookups} admits first, per client IP.
   */
  static Authenticator create(Vertx vertx, ApiKeyStore keys, AuthOptions options,
      MeterRegistry registry, LookupLimit lookups) {
    return new DefaultAuthenticator(vertx, keys, options, registry, lookups);
  }

  /**
   * Fetches the JWKS document once when one is configured and schedules its refresh; completes
   * when the first fetch is done (a failed fetch is logged, and tokens are refused until one
   * succeeds). Call once before serving.
   */
  Future<Void> start();

  /** The caller of {@code request}, or a failed future with a 401 problem. */
  Future<Caller> authenticate(HttpServerRequest request);

  /**
   * The anonymous caller of {@code request} (its client IP) without reading its credentials:
   * for routes that must answer whatever the stores do, such as liveness, which a key lookup
   * would tie to PostgreSQL.
   */
  Caller anonymous(HttpServerRequest request);

  /** The configured tiers. */
  Tiers tiers();

  /**
   * Whether bearer tokens are configured; the 401 a route answers a caller without credentials
   * offers them ({@code WWW-Authenticate}) only then.
   */
  boolean acceptsBearerTokens();

  /** Stops the JWKS refresh. */
  void close();
}
