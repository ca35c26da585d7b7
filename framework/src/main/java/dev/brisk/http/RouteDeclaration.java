package dev.brisk.http;

import dev.brisk.auth.Access;
import io.vertx.core.http.HttpMethod;
import java.util.Collection;

/**
 * One declared route: method, path template, who may call it and what its description says.
 * {@link Routes#declarations()} lists them, so tests and the generated API description can walk
 * every route.
 *
 * @param method the HTTP method
 * @param path the path template, such as {@code /api/orders/:id}
 * @param access who may call it
 * @param doc its description ({@link OperationDoc#NONE} until documented)
 * @param version the API version whose mount this path is under, or {@code null} for an
 *     unversioned path (the current version's aliases included)
 * @param rateLimited whether the route's calls are charged to the caller's rate limit (a batch's
 *     through its sub-requests, or as one request when it dispatches none), so it may answer 429
 *     and carries {@code RateLimit} headers
 * @param endpoint whether an {@link Endpoint} answers it, so the framework writes its replies:
 *     {@code Accept} is enforced (406; for a method other than {@code GET}, against the doc's
 *     {@link OperationDoc#responseTypes} before the handler runs) and a {@code GET}'s 200 carries
 *     an {@code ETag} (304 for a matching {@code If-None-Match}); false for a raw handler, which
 *     writes its own response
 */
public record RouteDeclaration(HttpMethod method, String path, Access access, OperationDoc doc,
    ApiVersion version, boolean rateLimited, boolean endpoint) {

  /** An undocumented raw route. */
  public RouteDeclaration(HttpMethod method, String path, Access access) {
    this(method, path, access, OperationDoc.NONE);
  }

  /** An unversioned raw route that is not rate limited. */
  public RouteDeclaration(HttpMethod method, String path, Access access, OperationDoc doc) {
    this(method, path, access, doc, null, false, false);
  }

  /**
   * Whether the path has no parameter or wildcard: it names one resource, which exists (a
   * collection such as {@code /api/orders}) when a GET is declared on it, so
   * {@code If-None-Match: *} never holds on it then.
   */
  public boolean hasLiteralPath() {
    return LiteralPaths.isLiteral(path);
  }

  /**
   * Whether a literal path has a current representation: a GET is declared on it among
   * {@code routes} (a collection such as {@code /api/orders}); one that cannot be read (a
   * POST-only action such as {@code /api/batch}) never has. What write preconditions on it are
   * evaluated against, and what the API description says of them.
   */
  public boolean hasRepresentation(Collection<RouteDeclaration> routes) {
    for (RouteDeclaration d : routes) {
      if (d.method() == HttpMethod.GET && d.path().equals(path)) {
        return true;
      }
    }
    return false;
  }
}
