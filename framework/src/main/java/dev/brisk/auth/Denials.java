package dev.brisk.auth;

import dev.brisk.problem.Problem;

/** The problems access control answers with; every slug is listed in docs/problems.md. */
final class Denials {

  private Denials() {
  }

  static Problem unauthenticated() {
    return Problem.of(401, "unauthenticated", "Unauthorized",
        "This route needs an API key (X-API-Key) or a bearer token")
        .withHeader("WWW-Authenticate", "ApiKey header=\"X-API-Key\", Bearer");
  }

  static Problem unknownKey() {
    return Problem.of(401, "invalid-api-key", "Unauthorized", "The API key is not valid")
        .withHeader("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
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
