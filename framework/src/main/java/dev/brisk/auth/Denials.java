package dev.brisk.auth;

import dev.brisk.problem.Problem;
import java.time.Duration;

/** The problems access control answers with; every slug is listed in docs/problems.md. */
final class Denials {

  private static final String API_KEY_CHALLENGE = "ApiKey header=\"X-API-Key\"";

  private Denials() {
  }

  /** No credential: the challenges name what {@code bearer} says this server accepts. */
  static Problem unauthenticated(boolean bearer) {
    return bearer
        ? Problem.of(401, "unauthenticated", "Unauthorized",
            "This route needs an API key (X-API-Key) or a bearer token")
            .withHeader("WWW-Authenticate", API_KEY_CHALLENGE + ", Bearer")
        : Problem.of(401, "unauthenticated", "Unauthorized",
            "This route needs an API key (X-API-Key)")
            .withHeader("WWW-Authenticate", API_KEY_CHALLENGE);
  }

  static Problem unknownKey() {
    return Problem.of(401, "invalid-api-key", "Unauthorized", "The API key is not valid")
        .withHeader("WWW-Authenticate", API_KEY_CHALLENGE);
  }

  /** A bearer token sent to a server configured without them: API keys are what it takes. */
  static Problem bearerNotAccepted() {
    return Problem.of(401, "invalid-token", "Unauthorized",
        "Bearer tokens are not accepted here; send an API key (X-API-Key)")
        .withHeader("WWW-Authenticate", API_KEY_CHALLENGE);
  }

  /** Bearer tokens are configured but their signing keys (JWKS) have not been fetched yet. */
  static Problem keysNotLoaded(Duration retry) {
    return Problem.unavailable("Bearer tokens cannot be checked now: the signing keys are not"
        + " loaded yet; retry later or send an API key (X-API-Key)")
        .withHeader("Retry-After", Long.toString(retry.toSeconds()));
  }

  static Problem invalidToken(String detail) {
    return Problem.of(401, "invalid-token", "Unauthorized", detail)
        .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  }

  /**
   * A credential header sent more than once: a proxy, cache or rate limiter in front could read
   * another line than Brisk, so none is chosen.
   */
  static Problem ambiguous(String header) {
    return Problem.badRequest("The request has several " + header + " headers; send one");
  }

  static Problem forbidden(String detail) {
    return Problem.of(403, "forbidden", "Forbidden", detail);
  }

  static Problem hidden(String path) {
    return Problem.notFound("No resource at " + path);
  }
}
