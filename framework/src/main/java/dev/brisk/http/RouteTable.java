package dev.brisk.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The templates of the declared routes by method: where vertx-web tries each, which template a
 * request is for, and which methods a path allows. A literal path belongs to its own routes
 * ({@link LiteralPaths}). Filled while routes are declared; read on every request.
 */
final class RouteTable {

  private final List<Entry> entries = new ArrayList<>();
  private final LiteralPaths literals = new LiteralPaths();

  /**
   * Records {@code method path} and returns its place in vertx-web's order: {@code next}
   * (declaration order), except that a literal path goes into the gap before the first
   * parameterised route of its method that matches it, which would otherwise take its requests
   * ({@code /:id} taking {@code export}).
   *
   * @throws IllegalArgumentException when {@code method} already has a template of the same
   *     shape ({@code /a/:id} and {@code /a/:key} alike): only the first would ever answer, while
   *     the declarations, and the API description, would also show the other's access
   */
  int add(HttpMethod method, String path, int next) {
    Pattern pattern = pattern(path);
    for (Entry e : entries) {
      if (e.method.equals(method) && e.pattern.pattern().equals(pattern.pattern())) {
        throw new IllegalArgumentException("Route " + method + " " + path + " is declared twice"
            + (e.template.equals(path) ? "" : " (first as " + e.template + ")")
            + "; only the first declaration would answer"
            + (method == HttpMethod.HEAD ? " (a GET declares its HEAD too)" : ""));
      }
    }
    int order = next;
    if (LiteralPaths.isLiteral(path)) {
      for (Entry e : entries) {
        if (e.method.equals(method) && !LiteralPaths.isLiteral(e.template)
            && e.pattern.matcher(path).matches()) {
          order = e.order - 1;
          break;
        }
      }
    }
    entries.add(new Entry(method, path, pattern, order));
    literals.add(method, path);
    return order;
  }

  /**
   * {@code next}, unless the request's path is a literal route's and its method is not one
   * declared there: then 405 (204 with {@code Allow} for {@code OPTIONS}), so a parameterised
   * sibling ({@code /:id}) never takes it. Runs in the first router hop, before routing.
   */
  Handler<RoutingContext> literalMethods(Handler<RoutingContext> next) {
    return ctx -> {
      String literal = literals.template(ctx.normalizedPath());
      if (literal != null && !literals.methods(literal).contains(ctx.request().method())) {
        ctx.fail(405);
      } else {
        next.handle(ctx);
      }
    };
  }

  /**
   * The first declared template of {@code method} that {@code path} (normalized) matches, a
   * literal path's own when it has one; when only other methods' templates match (a 405), the
   * first of those; null when none does. A trailing slash matches as the router matches it, as
   * if absent.
   */
  String template(HttpMethod method, String path) {
    String bare = LiteralPaths.withoutTrailingSlash(path);
    String literal = literals.template(bare);
    if (literal != null) {
      return literal;
    }
    String otherMethod = null;
    for (Entry e : entries) {
      if (e.pattern.matcher(bare).matches()) {
        if (e.method.equals(method)) {
          return e.template;
        }
        otherMethod = otherMethod == null ? e.template : otherMethod;
      }
    }
    return otherMethod;
  }

  /**
   * Methods declared for paths matching this one (normalized: {@code RoutingContext
   * normalizedPath()}), for {@code Allow}: a literal route's path has its own routes' methods
   * only. A trailing slash matches as the router matches it, as if absent.
   */
  List<String> allowedMethods(String normalizedPath) {
    String path = LiteralPaths.withoutTrailingSlash(normalizedPath);
    Set<String> methods = new TreeSet<>();
    String literal = literals.template(path);
    if (literal != null) {
      literals.methods(literal).forEach(m -> methods.add(m.name()));
    } else {
      for (Entry e : entries) {
        if (e.pattern.matcher(path).matches()) {
          methods.add(e.method.name());
        }
      }
    }
    if (!methods.isEmpty()) {
      methods.add("OPTIONS");
    }
    return new ArrayList<>(methods);
  }

  private static Pattern pattern(String template) {
    StringBuilder regex = new StringBuilder();
    for (String part : template.split("/", -1)) {
      if (regex.length() > 0 || !part.isEmpty()) {
        regex.append('/');
      }
      regex.append(part.startsWith(":") ? "[^/]+" : Pattern.quote(part));
    }
    return Pattern.compile(regex.toString().replace("\\Q\\E", ""));
  }

  private record Entry(HttpMethod method, String template, Pattern pattern, int order) {
  }
}
