package dev.brisk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API versions: mounts, the current version's alias, deprecation headers, one description each. */
class VersionsExampleTest {

  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(VersionsExample::new);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void the_current_version_is_served_mounted_and_at_the_unversioned_path() {
    for (String path : new String[] {"/api/v2/greeting", "/api/greeting"}) {
      HttpResponse<Buffer> r = app.get(path);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getString("lang")).isEqualTo("en");
      assertThat(r.getHeader("Deprecation")).isNull();
      assertThat(r.getHeader("Sunset")).isNull();
    }
  }

  @Test
  void a_deprecated_version_says_so_on_every_response_and_links_its_successor() {
    for (String path : new String[] {"/api/v1/greeting", "/api/v1/secret"}) {
      HttpResponse<Buffer> r = app.get(path);
      assertThat(r.statusCode()).isEqualTo(path.endsWith("secret") ? 401 : 200);
      assertThat(r.getHeader("Deprecation")).isEqualTo("@" + VersionsExample.DEPRECATED
          .getEpochSecond());
      assertThat(r.getHeader("Sunset")).isEqualTo("Wed, 30 Jun 2027 23:59:59 GMT");
      assertThat(r.getHeader("Link")).isEqualTo("<" + path.replace("/v1/", "/v2/")
          + ">; rel=\"successor-version\"");
    }
    assertThat(app.get("/api/v1/greeting").bodyAsJsonObject().containsKey("lang")).isFalse();
    HttpResponse<Buffer> echo = TestBrisk.await(app.send(HttpMethod.POST, "/api/v1/echo",
        Buffer.buffer("{\"a\":1}"), "Content-Type", "application/json"));
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(echo.getHeader("Deprecation")).isNotNull();
  }

  @Test
  void each_version_has_its_own_description() {
    JsonObject v1 = app.get("/openapi.json?version=v1").bodyAsJsonObject();
    assertThat(v1.getJsonObject("paths").fieldNames()).containsExactlyInAnyOrder(
        "/api/v1/greeting", "/api/v1/secret", "/api/v1/echo");
    JsonObject greeting = v1.getJsonObject("paths").getJsonObject("/api/v1/greeting")
        .getJsonObject("get");
    assertThat(greeting.getBoolean("deprecated")).isTrue();
    assertThat(greeting.getJsonObject("responses").getJsonObject("200")
        .getJsonObject("headers").fieldNames()).contains("Deprecation", "Sunset", "Link");
    assertThat(v1.getJsonObject("info").getString("description")).contains("deprecated")
        .contains("v2");
    // Its problems say so too (the 401 of /api/v1/secret above).
    assertThat(v1.getJsonObject("components").getJsonObject("responses")
        .getJsonObject("Problem401").getJsonObject("headers").fieldNames())
        .contains("Deprecation", "Sunset", "Link");
    JsonObject v2 = app.get("/openapi.json?version=v2").bodyAsJsonObject();
    assertThat(v2.getJsonObject("paths").fieldNames()).containsExactly("/api/v2/greeting");
    assertThat(v2.getJsonObject("paths").getJsonObject("/api/v2/greeting")
        .getJsonObject("get").containsKey("deprecated")).isFalse();
    assertThat(v2.getJsonObject("components").getJsonObject("responses")
        .getJsonObject("Problem401").getJsonObject("headers").fieldNames())
        .doesNotContain("Deprecation");
    JsonObject unversioned = app.get("/openapi.json").bodyAsJsonObject();
    assertThat(unversioned.getJsonObject("paths").fieldNames()).contains("/api/greeting",
        "/openapi.json", "/docs").doesNotContain("/api/v1/greeting", "/api/v2/greeting");
  }

  @Test
  void openapi_off_serves_neither_the_description_nor_the_explorer() {
    TestBrisk off = TestBrisk.start(VersionsExample::new, Map.of("openapi", "off"));
    try {
      assertThat(off.get("/openapi.json").statusCode()).isEqualTo(404);
      assertThat(off.get("/docs").statusCode()).isEqualTo(404);
      assertThat(off.get("/api/greeting").statusCode()).isEqualTo(200);
    } finally {
      off.close();
    }
  }
}
