package dev.brisk.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How every request is served: its deadline, body limit, access log, the deadline of
 * long-running routes and how long a connection may take to send a request head or sit idle.
 * Immutable; validated when built.
 *
 * <p>{@code HttpOptions.defaults().withDeadline(Duration.ofSeconds(2))}
 *
 * @param deadline time a request may take before it is answered 504 and its SQL cancelled;
 *     default 5 s
 * @param maxBodyBytes largest buffered request body (413 beyond); default 1 MiB
 * @param accessLog one JSON line per request on the {@code brisk.access} logger; default off
 * @param longRunningDeadline deadline of routes declared long-running (exports, imports);
 *     default 1 h
 * @param requestHeadTimeout a connection that sends no complete request head this long after it
 *     opened (or after its previous response) is closed; default 30 s
 * @param idleTimeout a connection with no bytes read or written this long is closed; default
 *     60 s
 * @param cors browser origins allowed to call the API; default none (CORS off)
 */
public record HttpOptions(Duration deadline, long maxBodyBytes, boolean accessLog,
    Duration longRunningDeadline, Duration requestHeadTimeout, Duration idleTimeout,
    CorsOptions cors) {

  /** Validates every option; errors name the bad value. */
  public HttpOptions {
    positive("deadline", deadline);
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
    }
    positive("longRunningDeadline", longRunningDeadline);
    positive("requestHeadTimeout", requestHeadTimeout);
    positive("idleTimeout", idleTimeout);
    Objects.requireNonNull(cors, "cors");
  }

  /**
   * 5 s deadline, 1 MiB bodies, no access log, 1 h for long-running routes, 30 s for a request
   * head, 60 s idle, CORS off.
   */
  public static HttpOptions defaults() {
    return new HttpOptions(Duration.ofSeconds(5), 1 << 20, false, Duration.ofHours(1),
        Duration.ofSeconds(30), Duration.ofSeconds(60), CorsOptions.disabled());
  }

  /** Returns a copy with another request deadline. */
  public HttpOptions withDeadline(Duration deadline) {
    return new HttpOptions(deadline, maxBodyBytes, accessLog, longRunningDeadline,
        requestHeadTimeout, idleTimeout, cors);
  }

  /** Returns a copy with another body limit. */
  public HttpOptions withMaxBodyBytes(long maxBodyBytes) {
    return new HttpOptions(deadline, maxBodyBytes, accessLog, longRunningDeadline,
        requestHeadTimeout, idleTimeout, cors);
  }

  /** Returns a copy with the JSON access log on or off. */
  public HttpOptions withAccessLog(boolean accessLog) {
    return new HttpOptions(deadline, maxBodyBytes, accessLog, longRunningDeadline,
        requestHeadTimeout, idleTimeout, cors);
  }

  /** Returns a copy with another deadline for long-running routes. */
  public HttpOptions withLongRunningDeadline(Duration longRunningDeadline) {
    return new HttpOptions(deadline, maxBodyBytes, accessLog, longRunningDeadline,
        requestHeadTimeout, idleTimeout, cors);
  }

  /** Returns a copy with another request-head timeout. */
  public HttpOptions withRequestHeadTimeout(Duration requestHeadTimeout) {
    return new HttpOptions(deadline, maxBodyBytes, accessLog, longRunningDeadline,
        requestHeadTimeout, idleTimeout, cors);
  }

  /** Returns a copy with another idle timeout. */
  public HttpOptions withIdleTimeout(Duration idleTimeout) {
    return new HttpOptions(deadline, maxBodyBytes, accessLog, longRunningDeadline,
        requestHeadTimeout, idleTimeout, cors);
  }

  /** Returns a copy with other CORS settings. */
  public HttpOptions withCors(CorsOptions cors) {
    return new HttpOptions(deadline, maxBodyBytes, accessLog, longRunningDeadline,
        requestHeadTimeout, idleTimeout, cors);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
