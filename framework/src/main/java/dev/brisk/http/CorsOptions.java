package dev.brisk.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which browser origins may call the API (CORS). Off by default: no origin is allowed and no
 * CORS header is sent. Immutable; validated when built.
 *
 * <p>{@code CorsOptions.allow(List.of("https://shop.example"))} or, from configuration,
 * {@code --cors-origins=https://shop.example,https://admin.example}.
 *
 * @param origins allowed origins ({@code scheme://host[:port]}, compared exactly after
 *     lower-casing and dropping the scheme's default port, as browsers send them), or the single
 *     entry {@code *} for any origin; empty = CORS off
 * @param allowCredentials send {@code Access-Control-Allow-Credentials: true} (cookies, TLS
 *     client certificates); never together with {@code *}; default false (an
 *     {@code X-API-Key} or {@code Authorization} header needs no credentials mode)
 * @param maxAge how long a browser may cache a preflight ({@code Access-Control-Max-Age}), so it
 *     asks once per route and origin in that time; default 10 min
 */
public record CorsOptions(List<String> origins, boolean allowCredentials, Duration maxAge) {

  /**
   * Request headers a browser may send: content (a streamed upload may be compressed),
   * credentials, idempotency, conditionals.
   */
  public static final List<String> ALLOWED_HEADERS = List.of("Accept", "Authorization",
      "Content-Encoding", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match",
      "Last-Event-ID", "X-API-Key", "X-Request-Id");

  /**
   * Response headers scripts may read besides the CORS-safelisted ones; a 415 names what to send
   * instead in {@code Accept-Encoding}, {@code Accept-Post} or {@code Accept-Patch}.
   */
  public static final List<String> EXPOSED_HEADERS = List.of("ETag", "Link", "Location",
      "RateLimit", "RateLimit-Policy", "Retry-After", "Server-Timing", "X-Request-Id",
      "Deprecation", "Sunset", "Idempotent-Replayed", "Accept-Encoding", "Accept-Post",
      "Accept-Patch");

  /** Validates every option; errors name the bad value. */
  public CorsOptions {
    List<String> normalized = new ArrayList<>();
    for (String origin : Objects.requireNonNull(origins, "origins")) {
      normalized.add(normalize(origin, origins.size()));
    }
    origins = List.copyOf(normalized);
    if (allowCredentials && origins.contains("*")) {
      throw new IllegalArgumentException("cors origins '*' cannot be combined with credentials;"
          + " list the origins instead");
    }
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("cors maxAge must be >= 0, was " + maxAge);
    }
  }

  /** CORS off: no origin allowed, no CORS header sent. */
  public static CorsOptions disabled() {
    return new CorsOptions(List.of(), false, Duration.ofMinutes(10));
  }

  /** These origins, without credentials, preflights cached 10 min. */
  public static CorsOptions allow(List<String> origins) {
    return new CorsOptions(origins, false, Duration.ofMinutes(10));
  }

  /** Parses a comma-separated list ({@code --cors-origins}); null or blank = disabled. */
  public static List<String> parseOrigins(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    return List.of(list.trim().split("\\s*,\\s*"));
  }

  /** Whether any origin is allowed. */
  public boolean isEnabled() {
    return !origins.isEmpty();
  }

  /** Whether a request from {@code origin} (its {@code Origin} header) may read responses. */
  public boolean allows(String origin) {
    return origin != null && (origins.contains("*")
        || origins.contains(origin.toLowerCase(Locale.ROOT)));
  }

  /** Returns a copy with credentials allowed or not. */
  public CorsOptions withAllowCredentials(boolean allowCredentials) {
    return new CorsOptions(origins, allowCredentials, maxAge);
  }

  /** Returns a copy with another preflight cache time. */
  public CorsOptions withMaxAge(Duration maxAge) {
    return new CorsOptions(origins, allowCredentials, maxAge);
  }

  private static String normalize(String origin, int count) {
    String o = Objects.requireNonNull(origin, "origin").trim().toLowerCase(Locale.ROOT);
    if (o.equals("*")) {
      if (count > 1) {
        throw new IllegalArgumentException("cors origin '*' must be the only entry");
      }
      return o;
    }
    URI uri;
    try {
      uri = new URI(o);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || !(o.startsWith("http://") || o.startsWith("https://"))
        || uri.getHost() == null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("cors origin must be scheme://host[:port] (http or "
          + "https, no path), was '" + origin + "'");
    }
    // A browser's Origin never names its scheme's default port: one listed would match nothing.
    boolean defaultPort = uri.getPort() == (o.startsWith("https://") ? 443 : 80);
    return defaultPort ? o.substring(0, o.lastIndexOf(':')) : o;
  }
}
