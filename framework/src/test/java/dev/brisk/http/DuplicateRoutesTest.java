package dev.brisk.http;

import static dev.brisk.http.BareRoutes.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.auth.Access;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A method and path shape declared twice is refused when declared: the router would only ever
 * run the first, while the declarations (access checks in tests, the API description) showed
 * the second too.
 */
class DuplicateRoutesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void refuses_a_route_declared_twice_with_another_access() {
    Routes routes = BareRoutes.on(vertx).get("/api/reviews/:id", Access.open(), ok());

    assertThatThrownBy(() -> routes.get("/api/reviews/:id", Access.tier("internal"), ok()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Route GET /api/reviews/:id is declared twice; only the first declaration "
            + "would answer");
  }

  @Test
  void refuses_the_same_shape_under_another_parameter_name_and_a_head_its_get_declared() {
    Routes routes = BareRoutes.on(vertx).get("/api/reviews/:id", Access.open(), ok());

    assertThatThrownBy(() -> routes.get("/api/reviews/:review", Access.open(), ok()))
        .hasMessage("Route GET /api/reviews/:review is declared twice (first as "
            + "/api/reviews/:id); only the first declaration would answer");
    assertThatThrownBy(() -> routes.raw(HttpMethod.HEAD, "/api/reviews/:id", Access.open(),
        ctx -> ctx.response().end()))
        .hasMessageEndingWith("(a GET declares its HEAD too)");
  }

  @Test
  void other_methods_literal_siblings_and_versions_of_a_path_are_distinct_routes() {
    Routes routes = BareRoutes.on(vertx).get("/api/reviews/:id", Access.open(), ok())
        .delete("/api/reviews/:id", Access.authenticated(), ok())
        .get("/api/reviews/export", Access.open(), ok())
        .get("/api/reviews/:id/votes", Access.open(), ok());
    routes.version(ApiVersion.current("v1")).get("/api/products/:id", Access.open(), ok());

    assertThat(routes.declarations()).hasSize(11);
  }
}
