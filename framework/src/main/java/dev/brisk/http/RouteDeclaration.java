package dev.brisk.http;

import dev.brisk.auth.Access;
import io.vertx.core.http.HttpMethod;

/**
 * One declared route: method, path template, who may call it and what its description says.
 * {@link Routes#declarations()} lists them, so tests and the generated API description can walk
 * every route.
 *
 * @param method the HTTP method
 * @param path the path template, such as {@code /api/orders/:id}
 * @param access who may call it
 * @param doc its description ({@link OperationDoc#NONE} until documented)
 */
public record RouteDeclaration(HttpMethod method, String path, Access access, OperationDoc doc) {

  /** An undocumented route. */
  public RouteDeclaration(HttpMethod method, String path, Access access) {
    this(method, path, access, OperationDoc.NONE);
  }

  RouteDeclaration withDoc(OperationDoc described) {
    return new RouteDeclaration(method, path, access, described);
  }
}
