package dev.brisk.http;

import static dev.brisk.http.BareRoutes.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.auth.ApiKeyStore;
import dev.brisk.auth.AuthOptions;
import dev.brisk.auth.Authenticator;
import dev.brisk.throttle.Throttle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Literal paths own their path for every method; declaration order cannot hand one away. */
class LiteralPathsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void finds_a_literal_path_with_or_without_one_trailing_slash() {
    LiteralPaths paths = new LiteralPaths();
    paths.add(HttpMethod.POST, "/a/import");
    paths.add(HttpMethod.GET, "/a/:id");
    assertThat(paths.template("/a/import")).isEqualTo("/a/import");
    assertThat(paths.template("/a/import/")).isEqualTo("/a/import");
    assertThat(paths.template("/a/import//")).isNull();
    assertThat(paths.template("/a/7")).isNull();
    assertThat(paths.methods("/a/import")).isEqualTo(Set.of(HttpMethod.POST));
    assertThat(paths.methods("/a/:id")).isEmpty();
  }

  @Test
  void allow_of_a_literal_path_lists_its_own_methods_only() {
    Routes routes = BareRoutes.on(vertx);
    routes.get("/items/:id", Access.open(), ok()).patch("/items/:id", Access.open(), ok())
        .post("/items/import", Access.open(), ok());
    assertThat(routes.allowedMethods("/items/import")).containsExactly("OPTIONS", "POST");
    assertThat(routes.allowedMethods("/items/7"))
        .containsExactly("GET", "HEAD", "OPTIONS", "PATCH");
  }

  @Test
  void the_template_of_a_path_ignores_one_trailing_slash_and_a_405_keeps_its_path() {
    RouteTable table = new RouteTable();
    table.add(HttpMethod.GET, "/items/:id", 0);
    table.add(HttpMethod.POST, "/items/import", 1);
    assertThat(table.template(HttpMethod.GET, "/items/7")).isEqualTo("/items/:id");
    assertThat(table.template(HttpMethod.GET, "/items/7/")).isEqualTo("/items/:id");
    assertThat(table.template(HttpMethod.POST, "/items/import/")).isEqualTo("/items/import");
    assertThat(table.template(HttpMethod.GET, "/items/7//")).isNull();
    assertThat(table.template(HttpMethod.GET, "/things/7")).isNull();
    // A method the path's routes do not declare (answered 405) is labelled with the path's.
    assertThat(table.template(HttpMethod.GET, "/items/import/")).isEqualTo("/items/import");
    assertThat(table.template(HttpMethod.PATCH, "/items/7/")).isEqualTo("/items/:id");
  }

  @Test
  void literal_route_declared_after_a_parameterised_one_that_matches_it_is_tried_first() {
    Router router = Router.router(vertx);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new Routes(router, 1024, Duration.ofHours(1),
        Authenticator.create(vertx, ApiKeyStore.none(), AuthOptions.defaults(), registry),
        registry, Throttle.off(registry))
        .get("/shelves/:shelf/items/:id", Access.open(), ok())
        .get("/shelves", Access.open(), ok())
        .get("/shelves/top/items/latest", Access.open(), ok())
        .get("/shelves/:shelf", Access.open(), ok());
    List<String> tried = router.getRoutes().stream()
        .filter(r -> r.methods().contains(HttpMethod.GET)).map(Route::getPath).toList();
    assertThat(tried).containsExactly("/shelves/top/items/latest", "/shelves/:shelf/items/:id",
        "/shelves", "/shelves/:shelf");
  }
}
