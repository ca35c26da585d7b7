package dev.brisk.http;

import dev.brisk.auth.Access;
import io.vertx.core.http.HttpMethod;

/**
 * One declared route: method, path template and who may call it. {@link Routes#declarations()}
 * lists them, so tests can walk every route.
 *
 * @param method the HTTP method
 * @param path the path template, such as {@code /api/orders/:id}
 * @param access who may call it
 */
public record RouteDeclaration(HttpMethod method, String path, Access access) {
}
