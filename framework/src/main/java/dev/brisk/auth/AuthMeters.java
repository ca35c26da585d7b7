package dev.brisk.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code brisk.auth.requests} by result (how callers were identified or why they were refused).
 * Cache hit rates are {@code cache.*} meters tagged {@code cache=brisk.auth.keys},
 * {@code brisk.auth.unknown_keys} and {@code brisk.auth.tokens}.
 */
final class AuthMeters {

  final Counter anonymous;
  final Counter apiKey;
  final Counter bearer;
  final Counter unknownKey;
  final Counter invalidToken;

  AuthMeters(MeterRegistry registry) {
    anonymous = counter(registry, "anonymous");
    apiKey = counter(registry, "api_key");
    bearer = counter(registry, "bearer");
    unknownKey = counter(registry, "unknown_key");
    invalidToken = counter(registry, "invalid_token");
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder("brisk.auth.requests")
        .description("Requests by how their caller was identified")
        .tag("result", result).register(registry);
  }
}
