package dev.brisk.auth;

/** What a credential proves, before the request's client IP is added: a cacheable value. */
record Identity(String keyId, String userId, Tier tier) {

  Caller at(String clientIp) {
    return new Caller(keyId, userId, tier, clientIp);
  }
}
