package dev.brisk.http;

import static dev.brisk.http.BareRoutes.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.auth.Access;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A route is declared with its doc in one call ({@code routes.documented(doc).post(...)}): the
 * doc lands on that route alone (its HEAD too for a GET, each mount of a version), and a doc
 * that cannot be the route's is refused when declared.
 */
class DocumentedRoutesTest {

  private static final OperationDoc RENAME = OperationDoc.summary("Rename")
      .withPath(ParameterDoc.required("id", new JsonObject().put("type", "integer"), null))
      .withConditionalWrite();

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void the_doc_goes_to_the_declared_route_and_the_chain_goes_on_undocumented() {
    Routes routes = BareRoutes.on(vertx);
    routes.documented(RENAME).patch("/items/:id", Access.open(), ok())
        .get("/items/:id", Access.open(), ok());
    routes.documented(OperationDoc.summary("One item")).get("/things/:id", Access.open(), ok());

    assertThat(doc(routes, HttpMethod.PATCH, "/items/:id")).isSameAs(RENAME);
    assertThat(doc(routes, HttpMethod.GET, "/items/:id").summary()).isNull();
    assertThat(doc(routes, HttpMethod.GET, "/things/:id").summary()).isEqualTo("One item");
    assertThat(doc(routes, HttpMethod.HEAD, "/things/:id").summary()).isEqualTo("One item");
  }

  @Test
  void a_documented_view_declares_one_route() {
    Routes documented = BareRoutes.on(vertx).documented(RENAME);
    documented.patch("/items/:id", Access.open(), ok());

    assertThatThrownBy(() -> documented.patch("/gadgets/:id", Access.open(), ok()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("documented(...) describes one route and was used already");
  }

  @Test
  void refuses_a_doc_typing_a_path_parameter_the_path_lacks() {
    Routes routes = BareRoutes.on(vertx);

    assertThatThrownBy(() -> routes.documented(RENAME).post("/items", Access.open(), ok()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Route /items has no path parameter 'id' to document");
    assertThat(routes.declarations()).isEmpty();
  }

  @Test
  void documented_and_version_combine_in_either_order() {
    Routes routes = BareRoutes.on(vertx);
    routes.version(ApiVersion.current("v1")).documented(RENAME)
        .patch("/api/items/:id", Access.open(), ok());
    routes.documented(RENAME).version(ApiVersion.deprecated("v0", Instant.EPOCH, null, "v1"))
        .patch("/api/gadgets/:id", Access.open(), ok());

    for (String path : List.of("/api/items/:id", "/api/v1/items/:id", "/api/v0/gadgets/:id")) {
      assertThat(doc(routes, HttpMethod.PATCH, path)).as(path).isSameAs(RENAME);
    }
    // The doc moved to the versioned view, which declared its route: nothing is left over.
    routes.requireDocumentedRoutesDeclared();
  }

  @Test
  void a_documented_view_that_declares_no_route_is_refused_once_routes_are_declared() {
    Routes routes = BareRoutes.on(vertx);
    routes.documented(RENAME);
    routes.patch("/items/:id", Access.open(), ok());

    assertThatThrownBy(routes::requireDocumentedRoutesDeclared)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("routes.documented(doc) ('Rename') declared no route");
  }

  @Test
  void a_conditional_write_reads_its_preconditions_and_answers_them() {
    assertThat(RENAME.readsHeader("if-match")).isTrue();
    assertThat(RENAME.readsHeader("If-None-Match")).isTrue();
    assertThat(RENAME.problems()).containsExactly(412);
    assertThat(RENAME.responseHeaders()).singleElement()
        .satisfies(etag -> assertThat(etag.name()).isEqualTo("ETag"))
        .satisfies(etag -> assertThat(etag.required()).isTrue());
  }

  private static OperationDoc doc(Routes routes, HttpMethod method, String path) {
    return routes.declarations().stream()
        .filter(d -> d.method() == method && d.path().equals(path))
        .findFirst().orElseThrow(() -> new AssertionError(method + " " + path)).doc();
  }
}
