package dev.brisk.http;

import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The paths of routes without parameters ({@code /api/products/export}), each with the methods
 * declared on it. Such a path belongs to its own routes whatever the method: a method they do not
 * declare is a 405, never a request for a parameterised sibling ({@code /api/products/:id}).
 * Filled while routes are declared; a lookup is one hash probe, so every request can afford it.
 */
final class LiteralPaths {

  private final Map<String, Set<HttpMethod>> methods = new HashMap<>();

  /** Whether {@code template} has no parameter, so it matches exactly one path. */
  static boolean isLiteral(String template) {
    return template.indexOf(':') < 0 && template.indexOf('*') < 0;
  }

  /** Records {@code method} on {@code template} when it is literal. */
  void add(HttpMethod method, String template) {
    if (isLiteral(template)) {
      methods.computeIfAbsent(template, t -> new HashSet<>()).add(method);
    }
  }

  /**
   * The literal route template that {@code path} (normalized) is, or {@code null}: one trailing
   * slash is ignored, as vertx-web ignores it when it matches a literal route.
   */
  String template(String path) {
    if (methods.containsKey(path)) {
      return path;
    }
    String trimmed = withoutTrailingSlash(path);
    return trimmed != path && methods.containsKey(trimmed) ? trimmed : null;
  }

  /** {@code path} without one trailing slash ({@code path} itself when it has none, or is "/"). */
  static String withoutTrailingSlash(String path) {
    return path.length() > 1 && path.charAt(path.length() - 1) == '/'
        ? path.substring(0, path.length() - 1) : path;
  }

  /** The methods declared on literal {@code template}; empty when it is not one. */
  Set<HttpMethod> methods(String template) {
    return methods.getOrDefault(template, Set.of());
  }
}
