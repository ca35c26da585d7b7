package dev.brisk.auth;

import io.vertx.core.Future;

/**
 * Admits the credential checks that cost more than a cache read (an API key the key cache does
 * not hold yet, so a store query; a bearer token not verified yet, so a signature check),
 * charged to the anonymous caller of the request's client IP: a flood of random keys then
 * spends the flooder's own rate limit instead of one database query each.
 *
 * <p>{@code Authenticator.create(vertx, keys, options, registry, throttle::charge)}
 *
 * <p>Thread-safe; called on the request's context.
 */
@FunctionalInterface
public interface LookupLimit {

  /** Admits every check. */
  static LookupLimit none() {
    return anonymous -> Future.succeededFuture();
  }

  /**
   * Completes when the check for a request from {@code anonymous}'s address may run, else fails
   * with the problem to answer instead (a 429).
   */
  Future<Void> admit(Caller anonymous);
}
