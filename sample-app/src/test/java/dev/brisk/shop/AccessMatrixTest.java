package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskContext;
import dev.brisk.auth.ApiKeyStore;
import dev.brisk.auth.AuthOptions;
import dev.brisk.auth.Authenticator;
import dev.brisk.http.AppRouter;
import dev.brisk.http.HttpOptions;
import dev.brisk.http.RouteDeclaration;
import dev.brisk.openapi.OpenApi;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Walks every route the shop declares (read from the declarations themselves, so a new route is
 * covered the moment it exists) with every tier and an unknown key, and checks each answer
 * against the route's declared access.
 */
class AccessMatrixTest {

  /** Tier name to the key sent; the anonymous caller sends none. */
  private static final Map<String, String> KEYS = Map.of("anonymous", "", "free", "demo-free",
      "pro", "demo-pro", "internal", "demo-internal", "unknown", "no-such-key-7f3a");

  @Test
  void every_route_answers_every_tier_as_declared() {
    List<RouteDeclaration> routes = declarations();
    assertThat(routes).extracting(RouteDeclaration::path)
        .contains("/api/products", "/api/orders", "/api/batch", "/health/ready");
    List<String> failures = new ArrayList<>();
    for (RouteDeclaration route : routes) {
      String path = concrete(route);
      for (Map.Entry<String, String> caller : KEYS.entrySet()) {
        HttpResponse<Buffer> r = TestBrisk.await(Http.send(route.method(), path,
            Buffer.buffer("{}"), "Content-Type", "application/json",
            "X-API-Key", caller.getValue().isEmpty() ? null : caller.getValue()));
        String expected = expected(route.path(), route.access().toString(), caller.getKey());
        if (!matches(expected, r.statusCode())) {
          failures.add(route.method() + " " + path + " as " + caller.getKey() + ": "
              + r.statusCode() + ", expected " + expected);
        }
        if (!"nosniff".equals(r.getHeader("X-Content-Type-Options"))) {
          failures.add(route.method() + " " + path + " as " + caller.getKey() + ": no nosniff");
        }
        if (!route.access().isOpen() && r.statusCode() < 300
            && !(r.getHeader("Cache-Control").contains("private")
                && r.getHeader("Vary").contains("X-API-Key"))) {
          failures.add(route.method() + " " + path + " as " + caller.getKey()
              + ": caller-dependent response without Cache-Control private / Vary X-API-Key");
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  /**
   * A write refused by access control is refused from its head alone: the body a client
   * announces is never waited for nor buffered (before, an anonymous client made every buffered
   * route read up to the body limit before its 401). Checked for every write that is not open,
   * as the anonymous and the free caller, with a head announcing 1 MiB and no body sent.
   */
  @Test
  void refused_writes_are_answered_before_their_body_arrives() throws IOException {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (RouteDeclaration route : declarations()) {
      HttpMethod method = route.method();
      if (route.access().isOpen() || !(method == HttpMethod.POST || method == HttpMethod.PUT
          || method == HttpMethod.PATCH)) {
        continue;
      }
      for (String caller : List.of("anonymous", "free")) {
        String expected = expected(route.path(), route.access().toString(), caller);
        if (expected.equals("allowed")) {
          continue;
        }
        checked++;
        String status = headOnly(method, concrete(route), KEYS.get(caller));
        if (!status.startsWith("HTTP/1.1 " + expected + " ")) {
          failures.add(method + " " + route.path() + " as " + caller + ": '" + status
              + "', expected " + expected + " before the body");
        }
      }
    }
    assertThat(checked).as("refusals checked").isGreaterThanOrEqualTo(4);
    assertThat(failures).isEmpty();
    // A caller the checks let through is asked for the body (curl sends Expect: 100-continue
    // for bodies over 1 MiB): refused callers above never were.
    assertThat(headOnly(HttpMethod.PATCH, "/api/products/99999999", "demo-internal"))
        .isEqualTo("HTTP/1.1 100 Continue");
  }

  /**
   * A write declaring the body it consumes (POST /api/orders and /api/batch, JSON, included)
   * refuses a wrong, missing or non-UTF-8 {@code Content-Type} from its head: 415 naming the
   * types in {@code Accept-Post} / {@code Accept-Patch}, never {@code 100 Continue} first (before,
   * the orders and batch routes asked for the body and read it all before their 415).
   */
  @Test
  void wrong_content_types_are_refused_before_the_body_is_asked_for() throws IOException {
    List<String> failures = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    for (RouteDeclaration route : declarations()) {
      List<String> consumed = route.doc().consumes();
      if (consumed.isEmpty()) {
        continue;
      }
      checked.add(route.method() + " " + route.path());
      String header = route.method() == HttpMethod.PATCH ? "accept-patch: " : "accept-post: ";
      for (String type : Arrays.asList("text/plain", null, consumed.get(0)
          + "; charset=ISO-8859-1")) {
        List<String> head = head(route.method(), concrete(route), "demo-internal", type);
        if (!head.get(0).startsWith("HTTP/1.1 415 ")
            || !head.contains(header + String.join(", ", consumed))) {
          failures.add(route.method() + " " + route.path() + " with Content-Type " + type + ": "
              + head + ", expected 415 with " + header + String.join(", ", consumed));
        }
      }
    }
    assertThat(checked).contains("POST /api/orders", "POST /api/batch",
        "PATCH /api/products/:id", "POST /api/products/import");
    assertThat(failures).isEmpty();
  }

  /**
   * Sends only the head of a 1 MiB JSON write, expecting {@code 100-continue}, and returns the
   * first status line of the answer.
   */
  private static String headOnly(HttpMethod method, String path, String key) throws IOException {
    return head(method, path, key, "application/json").get(0);
  }

  /**
   * Sends only the head of a 1 MiB write of {@code contentType} (none when null), expecting
   * {@code 100-continue}, and returns the first answer's status line, then its header lines in
   * lower case.
   */
  private static List<String> head(HttpMethod method, String path, String key,
      String contentType) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", TestShop.app().port())) {
      // Far below the server's body and head timeouts: an answer waiting for the body fails.
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write((method.name() + " " + path + " HTTP/1.1\r\nHost: x\r\n"
          + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
          + "Content-Length: 1048576\r\nExpect: 100-continue\r\n"
          + (key.isEmpty() ? "" : "X-API-Key: " + key + "\r\n") + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1));
      List<String> lines = new ArrayList<>();
      try {
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          lines.add(lines.isEmpty() ? line : line.toLowerCase(Locale.ROOT));
        }
      } catch (SocketTimeoutException e) {
        lines.add("no answer in 10 s");
      }
      if (lines.isEmpty()) {
        lines.add("connection closed without an answer");
      }
      return lines;
    }
  }

  /**
   * The status access control answers on {@code path}, "allowed" (neither 401 nor 403: the
   * handler decides), or "2xx" where the caller owns the example resource or has the tier.
   */
  private static String expected(String path, String access, String caller) {
    if (caller.equals("unknown")) {
      // Liveness reads no credentials, so that it never waits on a key lookup.
      return path.equals("/health/live") ? "2xx" : "401";
    }
    if (access.equals("open")) {
      return "allowed";
    }
    if (caller.equals("anonymous")) {
      return "401";
    }
    return switch (access) {
      case "authenticated" -> "allowed";
      case "tier >= internal" -> caller.equals("internal") ? "allowed" : "403";
      // Examples belong to user 2 (demo-pro); demo-free is user 1 and must not see them.
      case "owner or tier >= internal" -> caller.equals("free") ? "404" : "2xx";
      default -> throw new AssertionError("No expectation for access '" + access + "'");
    };
  }

  private static boolean matches(String expected, int status) {
    return switch (expected) {
      case "allowed" -> status != 401 && status != 403;
      case "2xx" -> status >= 200 && status < 300;
      default -> Integer.toString(status).equals(expected);
    };
  }

  /**
   * A path for a template: resources of user 2 where ownership matters, a missing product for
   * writes (so the walk changes nothing). A new parameterised route must be added here.
   */
  static String concrete(RouteDeclaration route) {
    String template = route.path();
    if (!template.contains(":")) {
      return template;
    }
    long order = TestShop.sql("SELECT min(id) AS id FROM orders WHERE user_id = 2").iterator()
        .next().getLong("id");
    return switch (template) {
      case "/api/products/:id" -> route.method() == HttpMethod.GET
          || route.method() == HttpMethod.HEAD ? "/api/products/1" : "/api/products/99999999";
      case "/api/categories/:id" -> "/api/categories/1";
      case "/api/products/:id/shipping-quote" -> "/api/products/1/shipping-quote";
      case "/api/users/:id", "/api/users/:id/orders" -> template.replace(":id", "2");
      case "/api/orders/:id" -> "/api/orders/" + order;
      case "/docs/:file" -> "/docs/index.css";
      default -> throw new AssertionError("Add an example path for new route " + template);
    };
  }

  /**
   * The shop's unversioned declarations, from an AppRouter built with its real route
   * registration (and the description routes every app gets). The {@code /api/v1} mounts run the same handlers behind the same guards as
   * these aliases (OpenApiTest calls them through the v1 description).
   */
  static List<RouteDeclaration> declarations() {
    return allDeclarations().stream().filter(r -> r.version() == null).toList();
  }

  /** Every declaration of the shop, API versions included. */
  static List<RouteDeclaration> allDeclarations() {
    BriskContext context = TestShop.app().context();
    AppRouter router = AppRouter.create(context.vertx(), HttpOptions.defaults(),
        context.health(), context.registry(), Authenticator.create(context.vertx(),
            ApiKeyStore.none(), AuthOptions.defaults(), context.registry()),
        routes -> {
          ShopApp shop = new ShopApp();
          shop.routes(routes, context);
          OpenApi.serve(routes, shop.openApi(context));
        });
    router.close();
    return router.declarations();
  }
}
